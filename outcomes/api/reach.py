"""The base of the outcomes viewsets whose serializers check incoming ids
against the rows the requesting person reaches (``ReachedField``)."""

from __future__ import annotations

from keyring_net.api.base import OrgScopedViewSet


class ReachViewSet(OrgScopedViewSet):
    def reach(self) -> dict:
        """The rows incoming ids may name, by context key."""
        return {}

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context.update(self.reach())
        return context
