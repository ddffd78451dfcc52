"""The core's e-mails go out as deliveries like every other message: the
invitation to join an organisation and django-allauth's e-mails (sign-in
codes, links to choose a password or confirm an address). Each is a
notification with one e-mail delivery and its attempts; the code or link
is kept sealed until it is sent, never in the words the sent-messages
pages show, and wiped once sent."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from keyring_net import registry
from keyring_net.tenancy import organisation_scope
from notifications.models import Delivery, DeliveryAttempt, Kind, Notification
from notifications.tasks import send_due_notifications_task
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^\s*([A-Z0-9-]{6,9})\s*$", re.M)


def recorded(world, kind: str) -> tuple[Notification, Delivery, list]:
    """The one notification of ``kind``, its one delivery and its tries."""
    with organisation_scope(world.organisation):
        notification = Notification.objects.get(kind=kind)
        delivery = Delivery.objects.get(notification=notification)
        tries = list(
            DeliveryAttempt.objects.filter(delivery=delivery).values_list("outcome", flat=True)
        )
    return notification, delivery, tries


def assert_sent_once_and_unsealed(world, kind: str, secret: str) -> Notification:
    notification, delivery, tries = recorded(world, kind)
    assert (delivery.channel, delivery.state, delivery.attempts) == ("email", "sent", 1)
    assert tries == ["sent"]
    assert secret not in notification.title and secret not in notification.body
    assert notification.sealed == ""  # sent: the secret is kept no longer
    return notification


def test_the_invitation_is_a_delivery_and_its_link_is_not_kept(
    client, org_a, django_capture_on_commit_callbacks
):
    client.force_login(org_a.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/organisation/people/invite/",
            {"full_name": "Sam Lee", "email": "sam@example.org", "role": "quality_checker"},
        )
    [sent] = mail.outbox
    assert sent.to == ["sam@example.org"]
    assert sent.subject == f"KeyRing Net: {org_a.organisation.name} has invited you"
    link = re.search(r"/accounts/password/reset/key/(\S+)", sent.body).group(1)
    note = assert_sent_once_and_unsealed(org_a, Kind.INVITATION, link)
    assert note.title == f"An invitation to join {org_a.organisation.name}"
    assert note.recipient.email == "sam@example.org"
    assert "Sam Lee" in note.body and "password" in note.body


def test_a_sign_in_code_is_a_delivery_and_the_code_is_shown_nowhere(
    client, org_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/login/code/", {"email": org_a.member_user.email})
    [sent] = mail.outbox
    code = CODE.search(sent.body).group(1)
    assert sent.to == [org_a.member_user.email]
    assert sent.subject == "KeyRing Net: Sign-In Code"
    note = assert_sent_once_and_unsealed(org_a, Kind.ACCOUNT, code)
    assert (note.recipient_id, note.title) == (
        org_a.member_user.pk,
        "Your sign-in code for KeyRing Net",
    )
    # The member's support manager sees that it went, not what it said.
    client.force_login(org_a.manager)
    page = client.get("/notifications/sent/").content.decode()
    assert "Your sign-in code for KeyRing Net" in page
    assert code not in page


def test_a_password_reset_link_is_a_delivery(client, org_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": org_a.clv.email})
    [sent] = mail.outbox
    key = re.search(r"/accounts/password/reset/key/(\S+)", sent.body).group(1)
    note = assert_sent_once_and_unsealed(org_a, Kind.ACCOUNT, key)
    assert note.title == "A link to choose a new password"
    # The link works.
    assert client.get(f"/accounts/password/reset/key/{key}", follow=True).status_code == 200


def test_an_address_confirmation_is_a_delivery(client, org_a, django_capture_on_commit_callbacks):
    EmailAddress.objects.update_or_create(
        user=org_a.clv, email=org_a.clv.email, defaults={"verified": False, "primary": True}
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/login/", {"login": org_a.clv.email, "password": TEST_PASSWORD})
    [sent] = mail.outbox
    key = re.search(r"/accounts/confirm-email/([^/\s]+)/", sent.body).group(1)
    note = assert_sent_once_and_unsealed(org_a, Kind.ACCOUNT, key)
    assert note.title == "A link to confirm an e-mail address"
    client.post(f"/accounts/confirm-email/{key}/")
    assert EmailAddress.objects.get(email=org_a.clv.email).verified


@override_settings(EMAIL_BACKEND="tests.test_notifications.BrokenEmailBackend")
def test_a_code_that_failed_to_send_is_sent_again_with_the_same_words(
    client, org_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/login/code/", {"email": org_a.member_user.email})
    notification, delivery, tries = recorded(org_a, Kind.ACCOUNT)
    assert (delivery.state, tries) == ("waiting", ["failed"])
    assert notification.sealed  # kept for the next try
    with organisation_scope(org_a.organisation):
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    working = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    with working, django_capture_on_commit_callbacks(execute=True):
        send_due_notifications_task()
    [sent] = mail.outbox
    assert sent.subject == "KeyRing Net: Sign-In Code"
    code = CODE.search(sent.body).group(1)
    notification, delivery, tries = recorded(org_a, Kind.ACCOUNT)
    assert (delivery.state, tries, notification.sealed) == ("sent", ["failed", "sent"], "")
    assert code not in notification.body
    # The code sent on the second try signs the member in.
    response = client.post("/accounts/login/code/confirm/", {"code": code}, follow=True)
    assert response.redirect_chain[-1][0] == "/my/"


def test_nobody_is_e_mailed_for_an_address_without_an_account_or_an_organisation(
    client, org_a, django_capture_on_commit_callbacks
):
    from keyring_net.models import User

    User.objects.create_superuser("platform@example.org", TEST_PASSWORD, full_name="Platform")
    with django_capture_on_commit_callbacks(execute=True):
        for address in ("nobody@example.org", "platform@example.org"):
            response = client.post("/accounts/password/reset/", {"email": address})
            assert response.status_code == 302
    assert mail.outbox == []
    with organisation_scope(org_a.organisation):
        assert not Notification.objects.exists()


def test_without_a_registered_mailer_nothing_is_sent(
    client, org_a, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(registry, "_mailers", [])
    with pytest.raises(LookupError), django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": org_a.clv.email})
    assert mail.outbox == []
