"""Pages for stars and plans: staff pages (``stars``, ``plans``), the
member's own plan (``member``) and the organisation's stars (``templates``)."""
