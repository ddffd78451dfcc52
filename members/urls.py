from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("members/", views.member_list, name="list"),
    path("members/<int:member_id>/", views.member_detail, name="detail"),
    path("members/<int:member_id>/login-card/", views.login_card_issue, name="login-card-issue"),
    path(
        "members/<int:member_id>/login-card/<int:card_id>/revoke/",
        views.login_card_revoke,
        name="login-card-revoke",
    ),
    path("my/", views.my_home, name="my-home"),
    path("my/who-looked/", views.my_record_views, name="my-record-views"),
]
