"""Commissioner reports pages: the reports of each contract the viewer
reaches, one report's figures (suppressed, as printed), its PDF and CSV,
and asking for a report now. Organisation admins and support managers see
them too. Four steps each: read the input, reach the row, call a service,
render."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from keyring_net.access import requires
from keyring_net.forms import apply_service_errors
from keyring_net.policy import Permission, can
from outcomes.forms.contracts import ReportRequestForm
from outcomes.models import ReportDownload
from outcomes.report_document import report_page_context
from outcomes.selectors import contracts as selectors_contracts
from outcomes.selectors import reports as selectors_reports
from outcomes.services import reports as services_reports


@requires(Permission.VIEW_REPORTS)
def report_list(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    return render(
        request,
        "outcomes/reports/list.html",
        {
            "contracts": selectors_reports.reports_page(actor),
            "new_reports": selectors_reports.new_reports(actor),
            "can_request": can(actor, Permission.REQUEST_REPORTS),
            "can_manage": can(actor, Permission.MANAGE_CONTRACTS),
        },
    )


def _last_quarter(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    first_of_quarter = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    end = first_of_quarter - datetime.timedelta(days=1)
    return end.replace(month=(end.month - 1) // 3 * 3 + 1, day=1), end


@login_required
def report_request(request: HttpRequest, contract_id: int) -> HttpResponse:
    actor = request.actor
    contract = selectors_contracts.contract_get_for_viewer(
        actor=actor, contract_id=contract_id, permission=Permission.REQUEST_REPORTS
    )
    start, end = _last_quarter(timezone.localdate())
    form = ReportRequestForm(
        request.POST or None, initial={"period_start": start, "period_end": end}
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services_reports.report_request(
                actor=actor,
                contract=contract,
                start=form.cleaned_data["period_start"],
                end=form.cleaned_data["period_end"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            note = ""
            if report.clipped:
                note = (
                    f" The period was moved inside the contract's dates: "
                    f"{report.period_start:%-d %B %Y} to {report.period_end:%-d %B %Y}."
                )
            messages.success(
                request, f"Your report is being made. It will be ready here soon.{note}"
            )
            return redirect("reports:detail", report_id=report.pk)
    return render(request, "outcomes/reports/request.html", {"form": form, "contract": contract})


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors_reports.report_get_for_viewer(actor=request.actor, report_id=report_id)
    return render(request, "outcomes/reports/detail.html", report_page_context(report))


def _download(request: HttpRequest, report_id: int, format: str) -> HttpResponse:
    actor = request.actor
    report = selectors_reports.report_get_for_viewer(actor=actor, report_id=report_id)
    files = selectors_reports.report_file(report)
    services_reports.report_downloaded(actor=actor, report=report, format=format)
    if format == ReportDownload.Format.PDF:
        response = HttpResponse(bytes(files.pdf), content_type="application/pdf")
    else:
        response = HttpResponse(files.csv, content_type="text/csv; charset=utf-8")
    name = selectors_reports.download_name(report, format)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def report_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    return _download(request, report_id, ReportDownload.Format.PDF)


@login_required
def report_csv_download(request: HttpRequest, report_id: int) -> HttpResponse:
    return _download(request, report_id, ReportDownload.Format.CSV)
