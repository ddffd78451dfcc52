"""Routes of safeguarding: concerns, the organisation's leads and a
member's "I am worried" (joined in keyring_net/urls.py)."""

from casework.views import safeguarding
from keyring_net.routes import pages

app_name = "safeguarding"

urlpatterns = pages(
    """
    safeguarding/                                  concern_list       list
    safeguarding/raise/                            concern_raise      raise
    safeguarding/<int:concern_id>/                 concern_detail     detail
    safeguarding/<int:concern_id>/wishes/          concern_wishes     wishes
    safeguarding/<int:concern_id>/triage/          concern_triage     triage
    safeguarding/<int:concern_id>/refer/           concern_refer      refer
    safeguarding/<int:concern_id>/action/          concern_action     action
    safeguarding/<int:concern_id>/close/           concern_close      close
    organisation/safeguarding-leads/               leads              leads
    organisation/safeguarding-leads/<int:lead_id>/end/  lead_end      lead-end
    my/worried/                                    my_worried         my-worried
    my/worried/thanks/                             my_worried_thanks  my-thanks
    """,
    safeguarding,
)
