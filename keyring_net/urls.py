from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from keyring_net import api, calibration, health, views

api_v1 = [
    path("me/", api.MeView.as_view(), name="api-me"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("organisation/switch/", views.switch_organisation, name="switch-organisation"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("health/", health.HealthView.as_view(), name="health"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("bench/trivial/", calibration.trivial, name="bench-trivial"),
    path("bench/one-query/", calibration.one_query, name="bench-one-query"),
    path("bench/table/", calibration.table, name="bench-table"),
]
