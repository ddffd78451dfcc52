"""Pages where support managers and organisation admins manage their
organisation's stars: the list, a new star, and changing one (a star in use
changes by a new version; its readings stay on the old one)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from keyring_net.access import requires
from keyring_net.forms import apply_service_errors
from keyring_net.policy import Permission
from support_plans.forms.templates import StarTemplateForm, initial_for, rows_for
from support_plans.selectors.templates import (
    star_template_get_for_manager,
    star_template_rows,
    star_template_use,
)
from support_plans.services.templates import template_change, template_create
from support_plans.stars import ensure_default_template


def _form(request, template=None) -> StarTemplateForm:
    stage_rows, area_rows = rows_for(template)
    return StarTemplateForm(
        request.POST if request.method == "POST" else None,
        initial=initial_for(template),
        organisation=request.actor.organisation,
        template=template,
        stage_rows=stage_rows,
        area_rows=area_rows,
    )


@requires(Permission.MANAGE_STAR_TEMPLATES)
def template_list(request: HttpRequest) -> HttpResponse:
    # The organisation's default star is listed (and can be changed) before
    # anyone has taken a reading on it.
    ensure_default_template(request.actor.organisation)
    return render(
        request,
        "support_plans/star_templates/list.html",
        {"rows": star_template_rows(request.actor)},
    )


@requires(Permission.MANAGE_STAR_TEMPLATES)
def template_add(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            template = template_create(actor=request.actor, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{template.name} is saved.")
            return redirect("plans:templates")
    return render(
        request,
        "support_plans/star_templates/form.html",
        {"form": form, "template": None, "use": None, "title": "New star"},
    )


@login_required
def template_edit(request: HttpRequest, star_template_id: int) -> HttpResponse:
    actor = request.actor
    template = star_template_get_for_manager(actor=actor, template_id=star_template_id)
    use = star_template_use(template)
    if not template.is_active:
        if request.method == "POST":
            messages.error(
                request,
                f"Version {template.version} is kept as it was. Change the newest version.",
            )
        return render(
            request,
            "support_plans/star_templates/version.html",
            {"template": template, "use": use},
        )
    form = _form(request, template)
    if request.method == "POST" and form.is_valid():
        try:
            saved = template_change(actor=actor, template=template, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if saved.pk != template.pk:
                messages.success(
                    request,
                    f"Saved as version {saved.version} of {saved.name}. The readings taken on "
                    f"version {template.version} stay on it, unchanged.",
                )
            else:
                messages.success(request, f"{saved.name} is saved.")
            return redirect("plans:templates")
    return render(
        request,
        "support_plans/star_templates/form.html",
        {"form": form, "template": template, "use": use, "title": f"Change {template.name}"},
    )
