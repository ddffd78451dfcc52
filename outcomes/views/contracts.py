"""Contracts pages for organisation admins: the list, adding one and
changing one. Four steps each: read the input, reach the row, call a
service, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from keyring_net.access import requires
from keyring_net.pages import form_page
from keyring_net.policy import Permission
from keyring_net.steps import change_from_form
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
    return form_page(
        request,
        form,
        title=title,
        button=button,
        back_url=reverse("contracts:list"),
        intro=(
            "The council's commissioners see reports on these networks only: totals, "
            "with small numbers hidden, never a named member."
        ),
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
    made = change_from_form(
        request,
        form,
        lambda: services.contract_add(actor=request.actor, **_service_data(form)),
        done=lambda contract: f"Contract {contract.name} added.",
    )
    if made.made:
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
    made = change_from_form(
        request,
        form,
        lambda: services.contract_change(actor=actor, contract=contract, **_service_data(form)),
        done=lambda _: f"Contract {contract.name} saved.",
    )
    if made.made:
        return redirect("contracts:list")
    return _page(request, form, title=f"Change {contract.name}", button="Save")
