"""The members pages, under the ``members`` namespace."""

from keyring_net.routes import pages
from members.views import cards, contacts, journey, records, referrals

app_name = "members"

urlpatterns = [
    *pages(
        """
        members/                                records.member_list        list
        members/<int:member_id>/                records.member_detail      detail
        referrals/                              referrals.referral_list    referrals
        referrals/new/                          referrals.referral_add     referral-add
        referrals/<int:referral_id>/            referrals.referral_detail  referral-detail
        contacts/new/                           contacts.contact_add       contact-add
        contacts/<int:contact_id>/edit/         contacts.contact_edit      contact-edit
        contacts/<int:contact_id>/correct/      contacts.contact_correct   contact-correct
        contacts/<int:contact_id>/handed-over/  contacts.handover_done     handover-done
        handover/                               contacts.handover          handover
        my/                                     records.my_home            my-home
        my/who-looked/                          records.my_record_views    my-record-views
        """,
        contacts,
        records,
        referrals,
    ),
    # What is changed about one member sits under their page.
    *pages(
        """
        login-card/                              cards.login_card_issue        login-card-issue
        login-card/<int:card_id>/revoke/         cards.login_card_revoke       login-card-revoke
        journey/                                 journey.member_status         status
        support-level/                           journey.member_support_level  support-level
        details/                                 journey.member_details        details
        communication/                           journey.communication_needs   communication-needs
        consents/add/                            journey.consent_add           consent-add
        consents/<int:consent_id>/withdraw/      journey.consent_withdraw      consent-withdraw
        people/add/                              journey.chosen_person_add     person-add
        connections/add/                         journey.connection_add        connection-add
        """,
        cards,
        journey,
        under="members/<int:member_id>/",
    ),
]
