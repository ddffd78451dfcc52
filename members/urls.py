from django.urls import path

from members.views import cards, contacts, journey, records, referrals

app_name = "members"

MEMBER = "members/<int:member_id>/"

# Every members page: (address, view, name).
PAGES = (
    ("members/", records.member_list, "list"),
    (MEMBER, records.member_detail, "detail"),
    (MEMBER + "login-card/", cards.login_card_issue, "login-card-issue"),
    (MEMBER + "login-card/<int:card_id>/revoke/", cards.login_card_revoke, "login-card-revoke"),
    (MEMBER + "journey/", journey.member_status, "status"),
    (MEMBER + "support-level/", journey.member_support_level, "support-level"),
    (MEMBER + "communication/", journey.communication_needs, "communication-needs"),
    (MEMBER + "consents/add/", journey.consent_add, "consent-add"),
    (MEMBER + "consents/<int:consent_id>/withdraw/", journey.consent_withdraw, "consent-withdraw"),
    (MEMBER + "people/add/", journey.chosen_person_add, "person-add"),
    (MEMBER + "connections/add/", journey.connection_add, "connection-add"),
    ("referrals/", referrals.referral_list, "referrals"),
    ("referrals/new/", referrals.referral_add, "referral-add"),
    ("referrals/<int:referral_id>/", referrals.referral_detail, "referral-detail"),
    ("contacts/new/", contacts.contact_add, "contact-add"),
    ("contacts/<int:contact_id>/edit/", contacts.contact_edit, "contact-edit"),
    ("contacts/<int:contact_id>/correct/", contacts.contact_correct, "contact-correct"),
    ("contacts/<int:contact_id>/handed-over/", contacts.handover_done, "handover-done"),
    ("handover/", contacts.handover, "handover"),
    ("my/", records.my_home, "my-home"),
    ("my/who-looked/", records.my_record_views, "my-record-views"),
)

urlpatterns = [path(route, view, name=name) for route, view, name in PAGES]
