"""Limits on what people send: text length, body size, dates and list filters.

Convention tests walk every model, form and API request body so a new free-text
field without a limit fails here; the rest check each limit at the HTTP
boundary, for the HTML pages and the API.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.urls import get_resolver
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from keyring_net.limits import NotBefore
from keyring_net.tenancy import organisation_scope
from tests.helpers import our_apps

OUR_APPS = set(our_apps())

# Text the app writes itself, never typed by anyone: no limit needed.
WRITTEN_BY_THE_APP = {
    "notifications.Notification.body": "rendered from our own message templates",
    "notifications.Notification.sealed": "an e-mail the app wrote, encrypted until it is sent",
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
    "spreadsheets": "when an import is applied or undone, when an export is made",
}
KNOWN_SYSTEM_DATES = {
    "members.LoginCard.expires_at": "set when the card is printed",
    "members.LoginCard.used_at": "set when the card is used",
    "members.LoginCard.revoked_at": "set when the card is withdrawn",
    "members.Contact.handed_over_at": "set when the note is handed over",
    "documents.Document.withdrawn_at": "set when the document is withdrawn",
    "volunteers.SwapRequest.decided_at": "set when the swap is decided",
    "volunteers.LoneWorkingSession.checked_out_at": "set at check-out",
    "volunteers.LoneWorkingAlert.acknowledged_at": "set when someone answers the alert",
    "volunteers.LoneWorkingAlert.resolved_at": "set when the alert is resolved",
    "volunteers.CalendarFeed.revoked_at": "set when the feed is turned off",
    "volunteers.Interview.decided_at": "set when the panel's decision is recorded",
    "volunteers.PanelSeat.scored_at": "set when a panel member sends their scores",
    "privacy.LegalHold.lifted_at": "set when the hold is lifted",
    "privacy.Anonymisation.support_ended_on": "copied from the member by the retention sweep",
    "support_plans.SupportPlan.member_agreed_at": "set when the member agrees",
    "support_plans.SupportPlan.worker_agreed_at": "set when the worker agrees",
    "outcomes.Survey.opened_at": "set when the survey is sent",
    "outcomes.Survey.closed_at": "set when the survey closes",
    "outcomes.SurveyInvitation.answered_at": "set when the member answers",
    "outcomes.OutcomeIndicator.withdrawn_at": "set when it is withdrawn",
    "outcomes.CommissionerReport.started_at": "set by the report task",
    "outcomes.CommissionerReport.finished_at": "set by the report task",
    "privacy.AccessRequest.due_on": "worked out from the day the request came in",
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


# --- At the HTTP boundary -------------------------------------------------------------------

NOTE_TOO_LONG = "a" * 10_001


def _json(client, path: str, data: dict):
    return client.post(path, data, content_type="application/json")


def _referral(**overrides) -> dict:
    data = {
        "full_name": "Dawn Fletcher",
        "source": "mental_health",
        "referred_on": datetime.date.today().isoformat(),
        "reason_in_referrers_words": "Isolated since moving.",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_a_note_over_the_limit_is_refused_on_the_page_and_kept_in_the_box(client, org_a):
    client.force_login(org_a.manager)
    response = client.post(
        "/contacts/new/",
        {"member": org_a.member.pk, "method": "visit", "minutes": 30, "notes": NOTE_TOO_LONG},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This is too long: it can have 10000 characters at most, and it has 10001." in page
    assert NOTE_TOO_LONG in page  # what was typed is still there
    assert 'maxlength="10000"' in page
    with organisation_scope(org_a.organisation):
        assert not org_a.member.contacts.filter(notes=NOTE_TOO_LONG).exists()


@pytest.mark.django_db
def test_a_note_over_the_limit_is_refused_by_the_api_naming_the_field(client, org_a):
    client.force_login(org_a.manager)
    body = {"member": org_a.member.pk, "method": "visit", "minutes": 30, "notes": NOTE_TOO_LONG}
    response = _json(client, "/api/v1/contacts/", body)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "notes": ["This is too long: it can have 10000 characters at most."]
    }
    ok = _json(client, "/api/v1/contacts/", {**body, "notes": "a" * 10_000})
    assert ok.status_code == 201


@pytest.mark.django_db
def test_a_body_too_large_for_the_api_answers_json_413(client, org_a):
    client.force_login(org_a.manager)
    body = {"member": org_a.member.pk, "method": "visit", "minutes": 30, "notes": "a" * 3_000_000}
    response = _json(client, "/api/v1/contacts/", body)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "What was sent is too large: send at most 1 MB at a time "
        "(long notes are limited to 10,000 characters)."
    }


@pytest.mark.django_db
def test_a_body_too_large_read_without_a_declared_size_also_answers_413(rf, org_a):
    """No Content-Length (a chunked upload): Django finds out while reading."""
    from django.core.exceptions import RequestDataTooBig

    from keyring_net import errors

    request = rf.post("/api/v1/contacts/")
    response = errors.bad_request(request, RequestDataTooBig("too big"))
    assert response.status_code == 413
    assert json.loads(response.content)["detail"].startswith("What was sent is too large")
    page = errors.bad_request(rf.post("/contacts/new/"), RequestDataTooBig("too big"))
    assert page.status_code == 413
    assert "Too much to send at once" in page.content.decode()


@pytest.mark.django_db
def test_a_form_body_too_large_gets_a_plain_page(client, org_a):
    client.force_login(org_a.manager)
    response = client.post(
        "/contacts/new/",
        {"member": org_a.member.pk, "method": "visit", "minutes": 30, "notes": "a" * 3_000_000},
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "Too much to send at once" in page
    assert "What you sent is more than 1 MB, so it was not saved." in page


@pytest.mark.django_db
def test_a_referral_dated_year_one_is_refused_by_the_page_and_the_api(client, org_a):
    client.force_login(org_a.manager)
    api = _json(client, "/api/v1/referrals/", _referral(referred_on="0001-01-01"))
    assert api.status_code == 400
    assert api.json()["errors"] == {
        "referred_on": ["Check the date: it must be on or after 1 January 2000."]
    }
    page = client.post("/referrals/new/", _referral(referred_on="0001-01-01"))
    assert page.status_code == 200
    assert "Check the date: it must be on or after 1 January 2000." in page.content.decode()
    ok = _json(client, "/api/v1/referrals/", _referral(referred_on="2000-01-01"))
    assert ok.status_code == 201


@pytest.mark.django_db
def test_a_contact_dated_before_2000_is_refused_by_the_api(client, org_a):
    client.force_login(org_a.manager)
    body = {"member": org_a.member.pk, "method": "visit", "minutes": 30}
    response = _json(client, "/api/v1/contacts/", {**body, "happened_at": "1999-12-31T10:00:00Z"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["happened_at"]


def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


NAMES_THAT_CAN_BE_MISSING = {
    "Member": "network_name",
    "Referral": "network_name",
    "Contact": "peer_name",
    "Shift": "worker_name",
    "SurveyAnswer": "choice_label",
    "Goal": "area_name",
}


def test_names_that_can_be_missing_say_so_in_the_schema():
    components = _schema()["components"]["schemas"]
    not_nullable = [
        f"{component}.{name}"
        for component, name in NAMES_THAT_CAN_BE_MISSING.items()
        if not components[component]["properties"][name].get("nullable")
    ]
    assert not_nullable == []


@pytest.mark.django_db
def test_a_contact_without_a_peer_answers_null_as_the_schema_says(client, org_a):
    client.force_login(org_a.manager)
    contact = org_a.records["contact"]
    body = client.get(f"/api/v1/contacts/{contact.pk}/").json()
    assert body["peer_name"] is None
    assert _schema()["components"]["schemas"]["Contact"]["properties"]["peer_name"]["nullable"]


def test_every_operation_documents_its_json_error_answers():
    schema = _schema()
    missing = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            wanted = {"400", "401", "403", "404"}
            if method in {"post", "put", "patch"}:
                wanted.add("413")
            for code in sorted(wanted - set(operation["responses"])):
                missing.append(f"{method.upper()} {path} {code}")
            for code in wanted & set(operation["responses"]):
                content = operation["responses"][code]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}
    assert missing == []
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["detail"]
    assert error["properties"]["detail"]["type"] == "string"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("page_size=null", "page_size", "Give the page size as a whole number from 1 to 200"),
        ("page_size=abc", "page_size", "Give the page size as a whole number from 1 to 200"),
        ("page_size=0", "page_size", "Give the page size as a whole number from 1 to 200"),
        ("page_size=201", "page_size", "Give the page size as a whole number from 1 to 200"),
        ("happened_from=", "happened_from", "Give a value here, or leave it out"),
        ("happened_to=2026-13-45", "happened_to", "Enter a valid date."),
        ("member=1.5", "member", "Give an id: a whole number, such as 12."),
        ("member=null", "member", "Give an id: a whole number, such as 12."),
        ("member=99999999999999999999", "member", "Give an id: a whole number, such as 12."),
        ("method=flying", "method", "Select a valid choice. flying is not one of the available"),
    ],
)
def test_list_filters_and_page_sizes_are_checked_not_ignored(client, org_a, query, field, message):
    client.force_login(org_a.manager)
    response = client.get(f"/api/v1/contacts/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Some of what was sent is not right."
    assert list(body["errors"]) == [field]
    assert body["errors"][field][0].startswith(message)


@pytest.mark.django_db
def test_a_yes_or_no_filter_takes_only_true_or_false(client, org_a):
    client.force_login(org_a.manager)
    assert client.get("/api/v1/connections/?active=true").status_code == 200
    response = client.get("/api/v1/connections/?active=maybe")
    assert response.status_code == 400
    assert response.json()["errors"] == {"active": ["Give true or false."]}


@pytest.mark.django_db
def test_an_api_address_that_matches_nothing_answers_json_404(client, org_a):
    client.force_login(org_a.manager)
    response = client.get("/api/v1/connections/0/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert "Page not found" in page.content.decode()
