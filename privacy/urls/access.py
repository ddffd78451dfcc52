"""Routes of subject access (joined in keyring_net/urls.py)."""

from keyring_net.routes import pages
from privacy.views import access as views

urlpatterns = pages(
    """
    # Staff: the organisation admin (data protection lead) and support managers
    privacy/requests/                                     request_list      list
    privacy/requests/new/                                 request_new       new
    privacy/requests/<int:access_request_id>/             request_detail    detail
    privacy/requests/<int:access_request_id>/remove/      request_redact    redact
    privacy/requests/<int:access_request_id>/release/     request_release   release
    privacy/requests/<int:access_request_id>/download/    request_download  download
    # The privacy notice, in easy read: anyone may read it
    privacy-notice/                                       notice            notice
    # The member's own pages
    my/records/                                           my_records        my
    my/records/ask/                                       my_ask            my-ask
    my/records/<int:access_request_id>/download/          my_download       my-download
    """,
    views,
)
