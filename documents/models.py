"""A file kept with a record, and every download of it.

Nothing here is ever deleted: a document uploaded by mistake is withdrawn
(who, when, why), hidden from lists and kept, with its file."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.fields import staff_link, stamp
from keyring_net.tables import org_index
from keyring_net.tenancy import AppendOnlyModel, OrgOwnedModel

__all__ = ["Document", "DocumentDownload"]


class Document(OrgOwnedModel):
    """One file attached to one record: a member, a volunteer, a plan (and
    whatever else registers with ``documents.registry``)."""

    class Category(models.TextChoices):
        TENANCY = "tenancy", _("Tenancy agreement")
        ASSESSMENT = "assessment", _("Assessment")
        LETTER = "letter", _("Letter")
        CONSENT = "consent", _("Consent form")
        DBS = "dbs", _("DBS certificate")
        PHOTO = "photo", _("Photo")
        OTHER = "other", _("Other")

    # What it is attached to: a kind an app registered, and that row's id.
    attached_kind = models.CharField(max_length=30)
    attached_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=Category.choices)
    # The name the file had on the uploader's computer: shown, never a path.
    original_name = models.CharField(max_length=255)
    # The name it is stored under: random, made by the service.
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    size = models.PositiveBigIntegerField()
    # Found by checking the content, not taken from the browser.
    content_type = models.CharField(max_length=100)
    uploaded_by = staff_link()
    uploaded_at = stamp()
    # Uploaded by mistake: hidden from lists, kept with its file.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = staff_link(optional=True)
    withdrawn_reason = models.TextField(max_length=limits.REASON, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        indexes = [org_index("attached_kind", "attached_id")]

    def __str__(self) -> str:
        return self.title


class DocumentDownload(AppendOnlyModel):
    """Someone downloaded a document: every download, page or API."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="downloads")
    user = staff_link()
    channel = models.CharField(max_length=10)
    downloaded_at = stamp()

    class Meta:
        ordering = ["-downloaded_at"]
        indexes = [org_index("document", "downloaded_at")]

    def __str__(self) -> str:
        return f"{self.user} downloaded {self.document}"
