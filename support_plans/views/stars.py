"""Staff pages for a member's star: the star over time, and a new reading
filled in together."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from keyring_net.policy import Permission, can
from keyring_net.steps import saved
from members import looked
from support_plans.forms.plans import ReadingForm
from support_plans.selectors.reach import member_get_for_plans
from support_plans.selectors.stars import star_page
from support_plans.services.readings import reading_record
from support_plans.stars import ensure_default_template


@login_required
def star(request: HttpRequest, member_id: int) -> HttpResponse:
    member = member_get_for_plans(actor=request.actor, member_id=member_id)
    looked.page_about(request, member)
    page = star_page(actor=request.actor, member=member)
    return render(
        request,
        "support_plans/star.html",
        {
            "member": member,
            "page": page,
            "svg": mark_safe(page.svg),  # built from escaped parts
            "can_write": can(request.actor, Permission.WRITE_PLANS),
        },
    )


@login_required
def reading_add(request: HttpRequest, member_id: int) -> HttpResponse:
    actor = request.actor
    member = member_get_for_plans(
        actor=actor, member_id=member_id, permission=Permission.WRITE_PLANS
    )
    looked.page_about(request, member)
    template = ensure_default_template(actor.organisation)
    areas = list(template.areas.all())
    form = ReadingForm(
        request.POST or None,
        areas=areas,
        stages=list(template.stages.all()),
        scale=(template.scale_min, template.scale_max),
    )
    done = saved(
        request,
        form,
        reading_record,
        done="The star reading is saved.",
        to=reverse("plans:star", kwargs={"member_id": member.pk}),
        member=member,
        template=template,
    )
    if done:
        return done
    return render(
        request,
        "support_plans/reading_form.html",
        {"member": member, "form": form, "template": template},
    )
