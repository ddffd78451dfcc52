"""The rows the member's rights need, one module by area: subject access
(``access.py``), retention (``retention.py``). Django finds the models
through these imports, so ``privacy.models.X`` keeps working."""

from privacy.models.access import AccessRelease, AccessRequest, Redaction
from privacy.models.retention import Anonymisation, LegalHold, RecordKind

__all__ = [
    "AccessRelease",
    "AccessRequest",
    "Anonymisation",
    "LegalHold",
    "RecordKind",
    "Redaction",
]
