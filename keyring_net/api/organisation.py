"""``organisation/``: the organisation's own settings, for its admins.

``GET`` reads every setting; ``PATCH`` changes the ones sent, through the
same service and the same checks as the settings page
(``keyring_net.organisation_settings``), so a value out of its limits gets
the page's words under its name, and nothing is saved.
"""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from keyring_net.api.base import OrgScopedViewSet, service_errors
from keyring_net.models import Country, Organisation
from keyring_net.organisation_settings import (
    CHOICE,
    DECIMAL,
    EMAIL,
    SETTINGS,
    WHOLE,
    Setting,
    current_values,
)
from keyring_net.policy import Permission
from keyring_net.services_organisation import organisation_settings_change


def _schema(setting: Setting) -> dict:
    """The setting's type and limits, as the schema shows them."""
    if setting.kind == WHOLE:
        return {"type": "integer", "minimum": setting.low, "maximum": setting.high}
    if setting.kind == DECIMAL:
        return {"type": "number", "minimum": float(setting.low), "maximum": float(setting.high)}
    if setting.kind == CHOICE:
        return {"type": "string", "enum": list(Country.values)}
    if setting.kind == EMAIL:
        return {"type": "string", "format": "email", "maxLength": setting.max_length}
    return {"type": "string", "maxLength": setting.max_length}


class _SettingValue(serializers.Field):
    """A setting's value as sent: text or a number, checked by the service
    (so the API's words are the page's), never here."""

    default_error_messages = {"invalid": "Give one value: text or a number."}

    def to_internal_value(self, data):
        if isinstance(data, dict | list | bool):
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return float(value) if isinstance(value, Decimal) else value


def _field(setting: Setting, *, read: bool) -> serializers.Field:
    kind = extend_schema_field(_schema(setting))(
        type(f"{setting.name.title().replace('_', '')}Value", (_SettingValue,), {})
    )
    if read:
        return kind(read_only=True, help_text=setting.hint)
    return kind(required=False, allow_null=not setting.required, help_text=setting.hint)


# Made from the settings' table, so a new setting joins the API with its hint.
OrganisationSettingsSerializer = type(
    "OrganisationSettingsSerializer",
    (serializers.Serializer,),
    {
        "id": serializers.IntegerField(read_only=True),
        "slug": serializers.CharField(read_only=True),
        **{setting.name: _field(setting, read=True) for setting in SETTINGS},
    },
)
OrganisationSettingsChangeSerializer = type(
    "OrganisationSettingsChangeSerializer",
    (serializers.Serializer,),
    {setting.name: _field(setting, read=False) for setting in SETTINGS},
)


def _shown(organisation: Organisation) -> dict:
    return {"id": organisation.pk, "slug": organisation.slug, **current_values(organisation)}


class OrganisationSettingsViewSet(OrgScopedViewSet):
    """Your organisation's settings (organisation admins). Each is about
    the organisation the request works in: there is no id to give."""

    serializer_class = OrganisationSettingsSerializer
    permission = Permission.MANAGE_ORGANISATION
    write_permission = Permission.MANAGE_ORGANISATION

    @extend_schema(
        responses=OrganisationSettingsSerializer, operation_id="organisation_settings_retrieve"
    )
    def retrieve(self, request):
        return Response(OrganisationSettingsSerializer(_shown(self.actor.organisation)).data)

    @extend_schema(
        request=OrganisationSettingsChangeSerializer,
        responses=OrganisationSettingsSerializer,
        operation_id="organisation_settings_partial_update",
    )
    def partial_update(self, request):
        """Change the settings sent; the rest stay. All or nothing."""
        given = OrganisationSettingsChangeSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        with service_errors():
            organisation = organisation_settings_change(actor=self.actor, **given.validated_data)
        return Response(OrganisationSettingsSerializer(_shown(organisation)).data)


settings_view = OrganisationSettingsViewSet.as_view({"get": "retrieve", "patch": "partial_update"})
