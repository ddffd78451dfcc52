"""The rows the member's rights need. One module by area; Django finds the
models through these imports, so ``privacy.models.X`` keeps working."""

from privacy.models.retention import Anonymisation, LegalHold, RecordKind

__all__ = ["Anonymisation", "LegalHold", "RecordKind"]
