"""Staff pages: the organisation's outcomes dashboard and its cost model."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from keyring_net.access import requires
from keyring_net.policy import Permission, can
from keyring_net.steps import change_from_form
from outcomes import costs as cost_services
from outcomes.dashboard import dashboard_page
from outcomes.forms.figures import PeriodForm, UnitCostForm, default_period


@requires(Permission.VIEW_OUTCOMES)
def dashboard(request: HttpRequest) -> HttpResponse:
    start, end = default_period(timezone.localdate())
    asked = "start" in request.GET or "end" in request.GET
    form = PeriodForm(request.GET if asked else None, initial={"start": start, "end": end})
    page = None
    if not asked or form.is_valid():
        if asked:
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        page = dashboard_page(actor=request.actor, start=start, end=end)
    return render(
        request,
        "outcomes/dashboard.html",
        {
            "form": form,
            "page": page,
            "star_svg": mark_safe(page.star_svg) if page else "",  # built from escaped parts
            "network_svg": mark_safe(page.network_svg) if page else "",
            "can_costs": can(request.actor, Permission.MANAGE_COST_MODEL),
        },
    )


@requires(Permission.MANAGE_COST_MODEL)
def costs(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    lines = cost_services.cost_model(actor.organisation)
    forms = {
        line.item: UnitCostForm(
            prefix=line.item, initial={"amount": line.amount, "source": line.source}
        )
        for line in lines
    }
    if request.method == "POST":
        item = request.POST.get("reset") or request.POST.get("item", "")
        try:
            if "reset" in request.POST:
                cost_services.unit_cost_reset(actor=actor, item=item)
                messages.success(request, "The published figure is back.")
                return redirect("outcomes_figures:costs")
            if item not in forms:
                raise ValidationError("Choose one of the costs in the model.")
            form = forms[item] = UnitCostForm(request.POST, prefix=item)
            made = change_from_form(
                request,
                form,
                lambda: cost_services.unit_cost_set(actor=actor, item=item, **form.cleaned_data),
                done="The cost is saved.",
            )
            if made.made:
                return redirect("outcomes_figures:costs")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    rows = [(line, forms[line.item]) for line in lines]
    return render(
        request,
        "outcomes/costs.html",
        {"rows": rows, "defaults": cost_services.DEFAULTS},
    )
