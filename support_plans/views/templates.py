"""Pages where support managers and organisation admins manage their
organisation's stars: the list, a new star, and changing one (a star in use
changes by a new version; its readings stay on the old one)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from keyring_net.access import requires
from keyring_net.policy import Permission
from keyring_net.steps import saved
from support_plans.forms.templates import StarTemplateForm, initial_for, rows_for
from support_plans.selectors import templates as selectors
from support_plans.services import templates as services
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


def _saved(star, was=None) -> str:
    """What to say once a star is saved: a star in use was saved as a new
    version, and its readings stay on the old one."""
    if was is not None and star.pk != was.pk:
        return (
            f"Saved as version {star.version} of {star.name}. The readings taken on "
            f"version {was.version} stay on it, unchanged."
        )
    return f"{star.name} is saved."


@requires(Permission.MANAGE_STAR_TEMPLATES)
def template_list(request: HttpRequest) -> HttpResponse:
    # The organisation's default star is listed (and can be changed) before
    # anyone has taken a reading on it.
    ensure_default_template(request.actor.organisation)
    return render(
        request,
        "support_plans/star_templates/list.html",
        {"rows": selectors.star_template_rows(request.actor)},
    )


@requires(Permission.MANAGE_STAR_TEMPLATES)
def template_add(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    done = saved(
        request, form, services.template_create, done=_saved, to=reverse("plans:templates")
    )
    if done:
        return done
    return render(
        request,
        "support_plans/star_templates/form.html",
        {"form": form, "template": None, "use": None, "title": "New star"},
    )


@login_required
def template_edit(request: HttpRequest, star_template_id: int) -> HttpResponse:
    actor = request.actor
    template = selectors.star_template_get_for_manager(actor=actor, template_id=star_template_id)
    use = selectors.star_template_use(template)
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
    done = saved(
        request,
        form,
        services.template_change,
        done=partial(_saved, was=template),
        to=reverse("plans:templates"),
        template=template,
    )
    if done:
        return done
    return render(
        request,
        "support_plans/star_templates/form.html",
        {"form": form, "template": template, "use": use, "title": f"Change {template.name}"},
    )
