"""The rows the member's rights need, one module by area: subject access
(``access.py``). Django finds the models through these imports."""

from privacy.models.access import AccessRelease, AccessRequest, Redaction

__all__ = ["AccessRelease", "AccessRequest", "Redaction"]
