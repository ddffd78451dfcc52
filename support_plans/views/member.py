"""A member's own plan, in easy read: read it, hear it, agree it, say what
they think, ask to talk about it, and print it."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from keyring_net.access import requires
from keyring_net.pdf import render_pdf
from keyring_net.policy import Permission
from members.selectors import own_member_record
from support_plans.models import PlanComment
from support_plans.selectors.plans import plan_page
from support_plans.selectors.stars import star_page
from support_plans.services.member import member_comment, review_request
from support_plans.services.plans import plan_agree
from support_plans.stars import stage_for


def _context(request):
    actor = request.actor
    member = own_member_record(actor)
    page = plan_page(actor=actor, member=member)
    star = star_page(actor=actor, member=member)
    latest = star.readings[-1] if star.readings else None
    stages = list(latest.template.stages.all()) if latest else []
    star_rows = []
    if latest:
        for row in star.table:
            score = row["scores"][-1]
            if score is not None:
                stage = stage_for(stages, score.score)
                star_rows.append(
                    {
                        "area": row["area"],
                        "score": score.score,
                        "stage": stage.easy_read_name if stage else "",
                    }
                )
    return {
        "member": member,
        "page": page,
        "star_rows": star_rows,
        "star_svg": mark_safe(star.svg),  # built from escaped parts
        "star_scale_max": star.template.scale_max if star.template else 10,
        "parts": PlanComment.Part.choices,
        "needs": set(member.communication_needs),
    }


@requires(Permission.VIEW_OWN_RECORD)
def my_plan(request: HttpRequest) -> HttpResponse:
    return render(request, "support_plans/my_plan.html", _context(request))


def _about_own_plan(missing: str):
    """A POST the member sends about their own plan: the view gets the plan
    and says how it went; with no plan yet, ``missing`` is said instead.
    Either way they are back on their plan."""

    def decorate(view):
        @requires(Permission.VIEW_OWN_RECORD)
        @require_POST
        @wraps(view)
        def about_plan(request: HttpRequest) -> HttpResponse:
            member = own_member_record(request.actor)
            plan = plan_page(actor=request.actor, member=member).plan
            if plan is None:
                messages.error(request, missing)
            else:
                view(request, plan)
            return redirect("plans:my-plan")

        return about_plan

    return decorate


@_about_own_plan("There is no plan to agree yet.")
def my_agree(request: HttpRequest, plan) -> None:
    try:
        plan_agree(actor=request.actor, plan=plan, as_member=True)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Thank you. You have agreed your plan.")


@_about_own_plan("There is no plan to talk about yet.")
def my_comment(request: HttpRequest, plan) -> None:
    part = request.POST.get("part", "whole")
    if part not in PlanComment.Part.values:
        messages.error(request, "There is no plan to talk about yet.")
        return
    try:
        member_comment(
            actor=request.actor,
            plan=plan,
            part=part,
            text=request.POST.get("text", ""),
            disagrees=request.POST.get("disagrees") == "yes",
        )
    except ValidationError:
        messages.error(request, "Write what you want to say, then press Send.")
    else:
        messages.success(request, "Thank you. We have kept what you said with your plan.")


@_about_own_plan("There is no plan to talk about yet.")
def my_review(request: HttpRequest, plan) -> None:
    review = review_request(actor=request.actor, plan=plan, reason=request.POST.get("reason", ""))
    messages.success(
        request,
        f"Thank you. Someone will talk with you about your plan by "
        f"{review.due_on:%A} {review.due_on.day} {review.due_on:%B}.",
    )


@requires(Permission.VIEW_OWN_RECORD)
def my_plan_pdf(request: HttpRequest) -> HttpResponse:
    """The easy-read plan as a PDF to print (large text, pictures)."""
    context = _context(request)
    html = render_to_string("support_plans/my_plan_pdf.html", context, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="my-plan.pdf"'
    return response
