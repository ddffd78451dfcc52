from django.urls import path

from keyring_net import people_views as views

app_name = "people"

urlpatterns = [
    path("", views.people_list, name="list"),
    path("invite/", views.person_invite, name="invite"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/trail/", views.person_trail, name="trail"),
    path("<int:person_id>/deactivate/", views.person_deactivate, name="deactivate"),
    path("<int:person_id>/roles/<int:assignment_id>/end/", views.role_end, name="role-end"),
]
