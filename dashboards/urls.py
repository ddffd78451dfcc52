from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/reassign/", views.reassign, name="reassign"),
    path("networks/<int:network_id>/connections/", views.connection_map, name="connections"),
]
