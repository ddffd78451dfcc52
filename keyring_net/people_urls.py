from django.urls import include, path

from keyring_net.views import people as views

app_name = "people"

# What an admin can do about one person, under their page's address.
person_urls = [
    path("", views.person_detail, name="detail"),
    path("trail/", views.person_trail, name="trail"),
    path("deactivate/", views.person_deactivate, name="deactivate"),
    path("roles/<int:assignment_id>/end/", views.role_end, name="role-end"),
    path("roles/<int:assignment_id>/move/", views.role_scope, name="role-move"),
]

urlpatterns = [
    path("", views.people_list, name="list"),
    path("invite/", views.person_invite, name="invite"),
    path("<int:person_id>/", include(person_urls)),
]
