"""Staff pages for a member's outcome indicators: a timeline, a form to
record one, and withdrawing one recorded by mistake."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from keyring_net.policy import Permission
from keyring_net.steps import change_from_form
from members import looked
from members.selectors import member_get_for_viewer
from outcomes.forms.indicators import IndicatorForm, WithdrawForm
from outcomes.selectors import indicators as selectors
from outcomes.services.indicators import indicator_record, indicator_withdraw


def _page(request, member, *, form=None, withdraw=None, status=200) -> HttpResponse:
    """``withdraw`` is (indicator id, bound form) when a withdrawal failed."""
    looked.page_about(request, member)
    indicators = selectors.member_indicators(actor=request.actor, member=member)
    forms = {i.pk: WithdrawForm(prefix=f"w{i.pk}") for i in indicators if i.withdrawn_at is None}
    if withdraw is not None:
        forms[withdraw[0]] = withdraw[1]
    return render(
        request,
        "outcomes/member_indicators.html",
        {
            "member": member,
            "form": form or IndicatorForm(),
            "timeline": [(i, forms.get(i.pk)) for i in indicators],
        },
        status=status,
    )


@login_required
def member_indicators(request: HttpRequest, member_id: int) -> HttpResponse:
    actor = request.actor
    member = member_get_for_viewer(
        actor=actor, member_id=member_id, permission=Permission.RECORD_OUTCOMES
    )
    form = IndicatorForm(request.POST or None)
    made = change_from_form(
        request,
        form,
        lambda: indicator_record(actor=actor, member=member, **form.cleaned_data),
        done="The outcome is recorded.",
    )
    if made.made:
        return redirect("outcomes_figures:member-indicators", member_id=member.pk)
    return _page(request, member, form=form)


@require_POST
@login_required
def indicator_withdraw_view(request: HttpRequest, indicator_id: int) -> HttpResponse:
    actor = request.actor
    indicator = selectors.indicator_get_for_viewer(actor=actor, indicator_id=indicator_id)
    form = WithdrawForm(request.POST, prefix=f"w{indicator.pk}")
    made = change_from_form(
        request,
        form,
        lambda: indicator_withdraw(
            actor=actor, indicator=indicator, reason=form.cleaned_data["reason"]
        ),
        done="The outcome is withdrawn. It is kept, but not counted.",
    )
    if made.made:
        return redirect("outcomes_figures:member-indicators", member_id=indicator.member_id)
    return _page(request, indicator.member, withdraw=(indicator.pk, form))
