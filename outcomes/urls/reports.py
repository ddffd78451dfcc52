"""Routes of the commissioner reports pages (joined in keyring_net/urls.py)."""

from keyring_net.routes import pages
from outcomes.views import reports as views

app_name = "reports"

urlpatterns = pages(
    """
    reports/                                   report_list          list
    reports/contracts/<int:contract_id>/new/   report_request       request
    reports/<int:report_id>/                   report_detail        detail
    reports/<int:report_id>/pdf/               report_pdf           pdf
    reports/<int:report_id>/csv/               report_csv_download  csv
    """,
    views,
)
