"""Routes of the commissioner reports pages (joined in keyring_net/urls.py)."""

from outcomes.urls.table import under
from outcomes.views import reports as views

app_name = "reports"

urlpatterns = under(
    "reports/",
    {
        "": (views.report_list, "list"),
        "contracts/<int:contract_id>/new/": (views.report_request, "request"),
        "<int:report_id>/": (views.report_detail, "detail"),
        "<int:report_id>/pdf/": (views.report_pdf, "pdf"),
        "<int:report_id>/csv/": (views.report_csv_download, "csv"),
    },
)
