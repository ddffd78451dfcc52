"""Subject access (UK GDPR, article 15): a member asks for a copy of
everything the organisation holds about them, and gets it within one
calendar month of asking."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.fields import member_link, record_date, staff_link, stamp
from keyring_net.tables import org_index
from keyring_net.tenancy import AppendOnlyModel, OrgOwnedModel


class AccessRequest(OrgOwnedModel):
    """A member's request for a copy of their records, as received: by the
    member on their own pages, or logged by staff for them. Its deadline is
    one calendar month from the day it was received. Never deleted: once
    released it is kept with the release."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RELEASED = "released", _("Released")

    class Received(models.TextChoices):
        OWN_PAGES = "own_pages", _("On the member's own pages")
        IN_PERSON = "in_person", _("In person")
        LETTER = "letter", _("By letter")
        EMAIL = "email", _("By e-mail")
        PHONE = "phone", _("By phone")
        SOMEONE_ELSE = "someone_else", _("From someone acting for them")

    member = member_link("access_requests")
    received_on = record_date()
    received_how = models.CharField(max_length=20, choices=Received.choices)
    due_on = models.DateField()
    logged_by = staff_link()
    logged_at = stamp()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [org_index("status", "due_on"), org_index("member")]

    def __str__(self) -> str:
        return f"Request for a copy of records, received {self.received_on:%d/%m/%Y}"


class Redaction(OrgOwnedModel):
    """One field of one item left out of a release, because it is about
    someone else (another member's name in a contact note, who raised a
    concern). The release shows "[Removed: <reason>]" in its place."""

    request = models.ForeignKey(AccessRequest, on_delete=models.PROTECT, related_name="redactions")
    # The kind of record ("members.Contact"), which row, which field.
    kind = models.CharField(max_length=100)
    item_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=100)
    reason = models.TextField(max_length=limits.REASON)
    by = staff_link()
    at = stamp()

    class Meta:
        ordering = ["kind", "item_id", "field"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "request", "kind", "item_id", "field"],
                name="privacy_redaction_once_per_field",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id} {self.field}: {self.reason}"


class AccessRelease(AppendOnlyModel):
    """The copy given to the member: who released it, when, and the archive
    itself, kept exactly as released."""

    request = models.OneToOneField(AccessRequest, on_delete=models.PROTECT, related_name="release")
    released_by = staff_link()
    released_at = stamp()
    file_name = models.CharField(max_length=100)
    archive = models.BinaryField()

    def __str__(self) -> str:
        return f"Released {self.released_at:%d/%m/%Y}"
