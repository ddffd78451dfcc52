from django.urls import path

from members import views, views_contacts, views_journey

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
    path("members/<int:member_id>/journey/", views_journey.member_status, name="status"),
    path(
        "members/<int:member_id>/support-level/",
        views_journey.member_support_level,
        name="support-level",
    ),
    path(
        "members/<int:member_id>/communication/",
        views_journey.communication_needs,
        name="communication-needs",
    ),
    path("members/<int:member_id>/consents/add/", views_journey.consent_add, name="consent-add"),
    path(
        "members/<int:member_id>/consents/<int:consent_id>/withdraw/",
        views_journey.consent_withdraw,
        name="consent-withdraw",
    ),
    path("members/<int:member_id>/people/add/", views_journey.chosen_person_add, name="person-add"),
    path(
        "members/<int:member_id>/connections/add/",
        views_journey.connection_add,
        name="connection-add",
    ),
    path("referrals/", views_journey.referral_list, name="referrals"),
    path("referrals/new/", views_journey.referral_add, name="referral-add"),
    path("referrals/<int:referral_id>/", views_journey.referral_detail, name="referral-detail"),
    path("contacts/new/", views_contacts.contact_add, name="contact-add"),
    path("contacts/<int:contact_id>/edit/", views_contacts.contact_edit, name="contact-edit"),
    path(
        "contacts/<int:contact_id>/correct/", views_contacts.contact_correct, name="contact-correct"
    ),
    path("handover/", views_contacts.handover, name="handover"),
    path(
        "contacts/<int:contact_id>/handed-over/",
        views_contacts.handover_done,
        name="handover-done",
    ),
    path("my/", views.my_home, name="my-home"),
    path("my/who-looked/", views.my_record_views, name="my-record-views"),
]
