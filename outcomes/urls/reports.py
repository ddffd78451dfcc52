"""Routes of the commissioner reports pages (joined in keyring_net/urls.py)."""

from django.urls import path

from outcomes.views import reports as views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_list, name="list"),
    path("reports/contracts/<int:contract_id>/new/", views.report_request, name="request"),
    path("reports/<int:report_id>/", views.report_detail, name="detail"),
    path("reports/<int:report_id>/pdf/", views.report_pdf, name="pdf"),
    path("reports/<int:report_id>/csv/", views.report_csv_download, name="csv"),
]
