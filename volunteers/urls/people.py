"""Routes of the volunteers app's people pages (joined in keyring_net/urls.py)."""

from django.urls import path

from volunteers.views import people as views

app_name = "volunteers_people"

urlpatterns = [
    path("volunteers/", views.pipeline, name="pipeline"),
    path("volunteers/new/", views.recruit_add, name="add"),
    path("volunteers/training/", views.training_modules, name="training"),
    path("volunteers/training/<int:module_id>/", views.module_edit, name="module-edit"),
    path("volunteers/training/<int:module_id>/delete/", views.module_delete, name="module-delete"),
    path("volunteers/<int:profile_id>/", views.profile_detail, name="detail"),
    path("volunteers/<int:profile_id>/edit/", views.profile_edit, name="edit"),
    path("volunteers/<int:profile_id>/stage/", views.profile_stage, name="stage"),
    path("volunteers/<int:profile_id>/interviews/add/", views.interview_add, name="interview-add"),
    path("volunteers/<int:profile_id>/references/add/", views.reference_add, name="reference-add"),
    path("volunteers/<int:profile_id>/dbs-checks/add/", views.dbs_check_add, name="dbs-add"),
    path("volunteers/<int:profile_id>/training/add/", views.training_add, name="training-add"),
]
