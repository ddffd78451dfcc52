from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from keyring_net import calibration, health
from keyring_net.views import home as views
from members.views import cards as member_views
from privacy.urls import access as privacy_access
from privacy.urls import retention as privacy_retention

urlpatterns = [
    path("", views.home, name="home"),
    path("organisation/switch/", views.switch_organisation, name="switch-organisation"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("members.urls")),
    path("", include("networks.urls")),
    path("", include("dashboards.urls")),
    path("", include("support_plans.urls")),
    path("", include("volunteers.urls.people")),
    path("", include("volunteers.urls.rota")),
    path("", include("volunteers.urls.today")),
    path("", include("volunteers.urls.panels")),
    path("", include("volunteers.urls.panel_member")),
    path("", include("casework.urls.incidents")),
    path("", include("casework.urls.appointments")),
    path("", include("outcomes.urls.figures")),
    path("", include("outcomes.urls.surveys")),
    path("", include("casework.urls.tasks")),
    path("", include("outcomes.urls.quality")),
    path("", include("outcomes.urls.contracts")),
    path("", include("outcomes.urls.reports")),
    path("", include("notifications.urls")),
    path("", include("casework.urls.safeguarding")),
    path("", include("spreadsheets.urls.exports")),
    path("organisation/people/", include("keyring_net.people_urls")),
    path("organisation/", include("keyring_net.organisation_urls")),
    path("", include("spreadsheets.urls.imports")),
    path("", include("search.urls")),
    # Subject access, the privacy notice and legal holds: one namespace.
    path("", include((privacy_access.urlpatterns + privacy_retention.urlpatterns, "privacy"))),
    path("documents/", include("documents.urls")),
    path("api-tokens/", include("keyring_net.token_urls")),
    path("card/", member_views.login_card_sign_in, name="login-card"),
    path("card/<str:old_link>/", member_views.login_card_old_link, name="login-card-old-link"),
    path("health/", health.HealthView.as_view(), name="health"),
    path("api/v1/", include("keyring_net.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("bench/trivial/", calibration.trivial, name="bench-trivial"),
    path("bench/one-query/", calibration.one_query, name="bench-one-query"),
    path("bench/table/", calibration.table, name="bench-table"),
]

handler400 = "keyring_net.errors.bad_request"
handler403 = "keyring_net.errors.permission_denied"
handler404 = "keyring_net.errors.page_not_found"
handler500 = "keyring_net.errors.server_error"
