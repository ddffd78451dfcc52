from django.urls import include, path

from members.views import cards, contacts, journey, records, referrals

app_name = "members"

# Pages about one member, under /members/<id>/.
member_pages = [
    path("", records.member_detail, name="detail"),
    path("login-card/", cards.login_card_issue, name="login-card-issue"),
    path("login-card/<int:card_id>/revoke/", cards.login_card_revoke, name="login-card-revoke"),
    path("journey/", journey.member_status, name="status"),
    path("support-level/", journey.member_support_level, name="support-level"),
    path("communication/", journey.communication_needs, name="communication-needs"),
    path("consents/add/", journey.consent_add, name="consent-add"),
    path("consents/<int:consent_id>/withdraw/", journey.consent_withdraw, name="consent-withdraw"),
    path("people/add/", journey.chosen_person_add, name="person-add"),
    path("connections/add/", journey.connection_add, name="connection-add"),
]

urlpatterns = [
    path("members/", records.member_list, name="list"),
    path("members/<int:member_id>/", include(member_pages)),
    path("referrals/", referrals.referral_list, name="referrals"),
    path("referrals/new/", referrals.referral_add, name="referral-add"),
    path("referrals/<int:referral_id>/", referrals.referral_detail, name="referral-detail"),
    path("contacts/new/", contacts.contact_add, name="contact-add"),
    path("contacts/<int:contact_id>/edit/", contacts.contact_edit, name="contact-edit"),
    path("contacts/<int:contact_id>/correct/", contacts.contact_correct, name="contact-correct"),
    path("contacts/<int:contact_id>/handed-over/", contacts.handover_done, name="handover-done"),
    path("handover/", contacts.handover, name="handover"),
    path("my/", records.my_home, name="my-home"),
    path("my/who-looked/", records.my_record_views, name="my-record-views"),
]
