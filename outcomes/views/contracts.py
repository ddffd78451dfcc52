"""Contracts pages for organisation admins: the list, adding one and
changing one. Four steps each: read the input, reach the row, call a
service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from keyring_net.access import requires
from keyring_net.forms import apply_service_errors
from keyring_net.policy import Permission
from outcomes.forms.contracts import ContractForm
from outcomes.selectors import contracts as selectors
from outcomes.services import contracts as services

MANAGE = Permission.MANAGE_CONTRACTS


def _form(request, initial=None) -> ContractForm:
    actor = request.actor
    return ContractForm(
        request.POST or None,
        initial=initial,
        councils=selectors.local_authorities(),
        networks=selectors.contract_networks(actor),
    )


def _page(request, form, *, title, button) -> HttpResponse:
    return render(
        request,
        "outcomes/contracts/form.html",
        {"form": form, "title": title, "button": button, "back_url": reverse("contracts:list")},
    )


def _service_data(form: ContractForm) -> dict:
    return dict(form.cleaned_data)


@requires(MANAGE)
def contract_list(request: HttpRequest) -> HttpResponse:
    contracts = selectors.contracts_for_viewer(request.actor)
    return render(request, "outcomes/contracts/list.html", {"contracts": contracts})


@requires(MANAGE)
def contract_add(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_add(actor=request.actor, **_service_data(form))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Contract {contract.name} added.")
            return redirect("contracts:list")
    return _page(request, form, title="Add a contract", button="Add the contract")


@login_required
def contract_edit(request: HttpRequest, contract_id: int) -> HttpResponse:
    actor = request.actor
    contract = selectors.contract_get_for_viewer(
        actor=actor, contract_id=contract_id, permission=MANAGE
    )
    initial = {f: getattr(contract, f) for f in services.CONTRACT_FIELDS} | {
        "local_authority": contract.local_authority_id,
        "networks": [n.pk for n in contract.networks.all()],
    }
    form = _form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = _service_data(form)
        networks = data.pop("networks")
        try:
            services.contract_change(actor=actor, contract=contract, networks=networks, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Contract {contract.name} saved.")
            return redirect("contracts:list")
    return _page(request, form, title=f"Change {contract.name}", button="Save")
