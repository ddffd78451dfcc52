"""The documents pages' forms: adding a document, and withdrawing one."""

from __future__ import annotations

from django import forms

from documents.checking import KINDS_IN_WORDS
from documents.models import Document
from documents.uploads import limit_in_words
from keyring_net import limits


class UploadForm(forms.Form):
    """The file itself is checked by the service (``documents.checking``):
    this form carries it there, with what was typed."""

    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, “Tenancy agreement 2026” or “Consent to share with the GP”.",
        error_messages={"required": "Give the document a title, such as “Tenancy agreement”."},
    )
    category = forms.ChoiceField(
        label="What kind of document it is",
        choices=Document.Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of document it is."},
    )
    file = forms.FileField(
        label="The file",
        required=False,
        error_messages={"empty": "The file is empty. Choose the file with the document in it."},
        help_text=f"{KINDS_IN_WORDS[0].upper()}{KINDS_IN_WORDS[1:]}, up to {limit_in_words()}.",
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why it is withdrawn",
        max_length=limits.REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, “Uploaded to the wrong member”. The document is kept for "
        "the record, but no longer listed.",
        error_messages={"required": "Say why it is withdrawn."},
    )
