"""API for stars and support plans: the same selectors, services and policy
as the pages.

Reading: staff whose role reads plans (``VIEW_PLANS``), for the members they
reach; a member, their own records only (``VIEW_OWN_RECORD``). Writing: the
roles that write plans (``WRITE_PLANS``), through the services. Two writes
are the member's own: agreeing their plan as the member (``plans/{id}/agree/``)
and asking for an early review (``plan-reviews/``). Who reaches which rows is
``support_plans.selectors.reach``, as for the pages.

``routes.ROUTES`` are the (prefix, viewset, basename) tuples that
keyring_net/api_urls.py registers.
"""
