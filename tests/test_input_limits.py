"""Limits on what people send: text length, body size, dates and list filters.

Convention tests walk every model, form and API request body so a new free-text
field without a limit fails here; the rest check each limit at the HTTP
boundary, for the HTML pages and the API.
"""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.db import models
from django.urls import get_resolver
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from keyring_net.limits import NotBefore

OUR_APPS = {
    "keyring_net",
    "networks",
    "members",
    "volunteers",
    "support_plans",
    "outcomes",
    "notifications",
}

# Text the app writes itself, never typed by anyone: no limit needed.
WRITTEN_BY_THE_APP = {
    "notifications.Notification.body": "rendered from our own message templates",
    "outcomes.CommissionerReport.error": "why a report could not be made, from the app",
    "outcomes.ReportFile.csv": "the report's figures, made by the app",
}


def _our_models():
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS and not model.__name__.startswith("Historical"):
            yield model


def test_every_free_text_model_field_has_a_limit():
    unlimited = [
        f"{model._meta.label}.{field.name}"
        for model in _our_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.max_length is None
    ]
    assert sorted(set(unlimited) - set(WRITTEN_BY_THE_APP)) == []


def _form_classes():
    assert get_resolver().url_patterns  # loading them imports every view, so every form
    seen, waiting = set(), [forms.BaseForm]
    while waiting:
        for subclass in waiting.pop().__subclasses__():
            if subclass not in seen:
                seen.add(subclass)
                waiting.append(subclass)
    return [form for form in seen if form.__module__.split(".")[0] in OUR_APPS]


def test_every_form_text_field_has_a_limit():
    forms_found = _form_classes()
    assert len(forms_found) > 20  # the walk found our forms
    unlimited = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in forms_found
        for name, field in getattr(form, "base_fields", {}).items()
        if type(field) is forms.CharField and field.max_length is None
    ]
    assert unlimited == []


def _request_bodies(schema: dict):
    """Each request body schema in the API: components named ...Request, and
    bodies declared inline."""
    for name, component in schema["components"]["schemas"].items():
        if name.endswith("Request"):
            yield name, component
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for content in operation.get("requestBody", {}).get("content", {}).values():
                if "$ref" not in content["schema"]:
                    yield f"{method.upper()} {path}", content["schema"]


def _unlimited_strings(where: str, node: dict):
    for name, prop in node.get("properties", {}).items():
        if prop.get("readOnly"):
            continue
        plain_string = prop.get("type") == "string" and not {"enum", "format"} & set(prop)
        if plain_string and "maxLength" not in prop:
            yield f"{where}.{name}"
        if prop.get("type") == "array" and prop["items"].get("type") == "string":
            items = prop["items"]
            if "enum" not in items and "format" not in items and "maxLength" not in items:
                yield f"{where}.{name}[]"
        if prop.get("type") == "object":
            yield from _unlimited_strings(f"{where}.{name}", prop)


def test_every_api_text_input_has_a_limit():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    unlimited = [
        found
        for where, body in _request_bodies(schema)
        for found in _unlimited_strings(where, body)
    ]
    assert unlimited == []


# Dates and times the app sets itself, never typed.
SET_BY_THE_APP = {
    "keyring_net": "people, roles and heartbeats",
    "notifications": "when messages are due and sent",
}
KNOWN_SYSTEM_DATES = {
    "members.LoginCard.expires_at": "set when the card is printed",
    "members.LoginCard.used_at": "set when the card is used",
    "members.LoginCard.revoked_at": "set when the card is withdrawn",
    "members.Contact.handed_over_at": "set when the note is handed over",
    "volunteers.SwapRequest.decided_at": "set when the swap is decided",
    "volunteers.LoneWorkingSession.checked_out_at": "set at check-out",
    "volunteers.LoneWorkingAlert.acknowledged_at": "set when someone answers the alert",
    "volunteers.CalendarFeed.revoked_at": "set when the feed is turned off",
    "support_plans.SupportPlan.member_agreed_at": "set when the member agrees",
    "support_plans.SupportPlan.worker_agreed_at": "set when the worker agrees",
    "outcomes.Survey.opened_at": "set when the survey is sent",
    "outcomes.Survey.closed_at": "set when the survey closes",
    "outcomes.SurveyInvitation.answered_at": "set when the member answers",
    "outcomes.OutcomeIndicator.withdrawn_at": "set when it is withdrawn",
    "outcomes.CommissionerReport.started_at": "set by the report task",
    "outcomes.CommissionerReport.finished_at": "set by the report task",
}


def _has_floor(field) -> bool:
    return any(isinstance(validator, NotBefore) for validator in field.validators)


def test_every_date_people_type_has_a_floor():
    """Model dates are typed unless they have a default (the moment of a
    change) or their app sets them; each typed one refuses 0001-01-01."""
    missing = [
        f"{model._meta.label}.{field.name}"
        for model in _our_models()
        if model._meta.app_label not in SET_BY_THE_APP
        for field in model._meta.get_fields()
        if isinstance(field, models.DateField)  # DateTimeField too
        and field.editable
        and not field.has_default()
        and not field.auto_now
        and not field.auto_now_add
        and not _has_floor(field)
    ]
    assert sorted(missing) == sorted(KNOWN_SYSTEM_DATES)


def _subclasses(root):
    seen, waiting = set(), [root]
    while waiting:
        for subclass in waiting.pop().__subclasses__():
            if subclass not in seen:
                seen.add(subclass)
                waiting.append(subclass)
    return [found for found in seen if found.__module__.split(".")[0] in OUR_APPS]


def test_every_date_field_declared_by_hand_has_a_floor():
    """Fields a model gives a form or serializer carry the model's floor;
    these are the ones written out in forms and serializers."""
    assert get_resolver().url_patterns  # imports every view, form and serializer
    missing = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _subclasses(forms.BaseForm)
        for name, field in form.declared_fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField) and not _has_floor(field)
    ] + [
        f"{serializer.__module__}.{serializer.__name__}.{name}"
        for serializer in _subclasses(serializers.BaseSerializer)
        for name, field in getattr(serializer, "_declared_fields", {}).items()
        if isinstance(field, serializers.DateField | serializers.DateTimeField)
        and not field.read_only
        and not _has_floor(field)
    ]
    assert missing == []
