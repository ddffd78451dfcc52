"""Routes of the volunteers app's people pages (joined in keyring_net/urls.py)."""

from volunteers.urls.paths import under
from volunteers.views import people as views

app_name = "volunteers_people"

urlpatterns = [
    *under(
        "volunteers/",
        ("", views.pipeline, "pipeline"),
        ("new/", views.recruit_add, "add"),
        ("training/", views.training_modules, "training"),
        ("training/<int:module_id>/", views.module_edit, "module-edit"),
        ("training/<int:module_id>/delete/", views.module_delete, "module-delete"),
    ),
    *under(
        "volunteers/<int:profile_id>/",
        ("", views.profile_detail, "detail"),
        ("edit/", views.profile_edit, "edit"),
        ("stage/", views.profile_stage, "stage"),
        ("interviews/add/", views.interview_add, "interview-add"),
        ("references/add/", views.reference_add, "reference-add"),
        ("dbs-checks/add/", views.dbs_check_add, "dbs-add"),
        ("training/add/", views.training_add, "training-add"),
    ),
]
