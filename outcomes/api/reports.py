"""API for contracts and commissioner reports: the same selectors, services
and policy as the pages. Reach is ``policy.contract_reach`` (organisation
admins and support managers: every contract; commissioners: their
council's; anyone else: "not found"). Report figures are the suppressed
ones, exactly as printed.

ROUTES are (prefix, viewset, basename) tuples that keyring_net/api_urls.py
registers."""

from __future__ import annotations

import json

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer

from keyring_net import limits
from keyring_net.api.base import (
    ReachedField,
    adds_and_changes,
    creates,
    id_parameter,
    service_errors,
)
from keyring_net.api.mixins import ChangeableRowsViewSet, RowsViewSet
from keyring_net.api.rows import read_only, shown
from keyring_net.models import LocalAuthority
from keyring_net.policy import Permission
from outcomes.models import CommissionerReport, Contract, ReportDownload
from outcomes.selectors import contracts as selectors_contracts
from outcomes.selectors import reports as selectors_reports
from outcomes.services import contracts as services_contracts
from outcomes.services import reports as services_reports

DATE_ERRORS = {"invalid": "Enter a real date, like 2026-03-31."}


def _date(message: str, **kwargs) -> serializers.DateField:
    kwargs.setdefault("validators", [limits.not_before_record_floor])
    return serializers.DateField(error_messages={"required": message, **DATE_ERRORS}, **kwargs)


# --- Contracts ---------------------------------------------------------------------------------


class ContractSerializer(serializers.ModelSerializer):
    local_authority_name = shown("local_authority.name")
    network_names = serializers.SerializerMethodField()

    Meta = read_only(
        Contract,
        [
            "id",
            "name",
            "reference",
            "local_authority",
            "local_authority_name",
            "starts_on",
            "ends_on",
            "networks",
            "network_names",
            "report_every_months",
            "is_active",
        ],
    )

    def get_network_names(self, contract: Contract) -> list[str]:
        return [network.name for network in contract.networks.all()]


class ContractWriteSerializer(serializers.Serializer):
    """A contract's details, checked by the same service as the page. Its
    networks are the organisation's (another organisation's id: "Not
    found.")."""

    local_authority = serializers.PrimaryKeyRelatedField(
        queryset=LocalAuthority.objects.all(),
        error_messages={"required": "Choose the council.", "does_not_exist": "Not found."},
    )
    name = serializers.CharField(
        max_length=150, error_messages={"required": "Enter the contract's name."}
    )
    reference = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    starts_on = _date("Enter the day the contract starts.")
    ends_on = _date("Enter the day the contract ends.")
    networks = ReachedField(
        reach="networks", many=True, error_messages={"required": "Choose at least one network."}
    )
    report_every_months = serializers.IntegerField(
        min_value=1, max_value=12, required=False, default=3
    )
    is_active = serializers.BooleanField(required=False, default=True)


@adds_and_changes(create=ContractWriteSerializer, id_name="contract_id")
class ContractViewSet(ChangeableRowsViewSet):
    """Contracts: read by organisation admins, support managers and the
    council's commissioners; added and changed by organisation admins."""

    serializer_class = ContractSerializer
    permission = Permission.VIEW_REPORTS
    write_permission = Permission.MANAGE_CONTRACTS
    adds = services_contracts.contract_add

    reads = selectors_contracts.contracts_for_viewer
    reaches = {"networks": selectors_contracts.contract_networks}

    def update(self, request, *args, **kwargs):
        contract = self.get_object()
        data = self.valid_data(request, partial=kwargs.get("partial", False))
        networks = data.pop("networks", None)
        with service_errors():
            services_contracts.contract_change(
                actor=self.actor, contract=contract, networks=networks, **data
            )
        return self.answer(contract)


# --- Reports -----------------------------------------------------------------------------------


class ReportSerializer(serializers.ModelSerializer):
    contract_name = shown("contract.name")
    figures = serializers.JSONField(
        read_only=True,
        help_text="The aggregates as printed: small counts already shown as 'fewer than 8'.",
    )

    Meta = read_only(
        CommissionerReport,
        [
            "id",
            "contract",
            "contract_name",
            "period_start",
            "period_end",
            "version",
            "status",
            "scheduled",
            "requested_at",
            "finished_at",
            "pages",
            "error",
            "figures",
        ],
    )


class ReportRequestSerializer(serializers.Serializer):
    contract = ReachedField(reach="contracts", error_messages={"required": "Choose the contract."})
    period_start = _date("Enter the first day of the period.")
    period_end = _date("Enter the last day of the period.")

    def validate(self, data):
        if data["period_end"] < data["period_start"]:
            raise serializers.ValidationError(
                {"period_end": "The end of the period must be on or after its start."}
            )
        return data


class FileRenderer(BaseRenderer):
    """Lets ``?format=pdf`` and ``?format=csv`` choose the download; an
    error is answered as JSON text."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes | str):
            return data
        return json.dumps(data).encode()


class PDFRenderer(FileRenderer):
    media_type = "application/pdf"
    format = "pdf"


class CSVRenderer(FileRenderer):
    media_type = "text/csv"
    format = "csv"


@creates(ReportRequestSerializer, ReportSerializer)
class ReportViewSet(RowsViewSet):
    """Commissioner reports, newest first. Asking for one (POST) makes it in
    the background; ``download`` gives a ready report's PDF (or its CSV
    with ``?format=csv``)."""

    serializer_class = ReportSerializer
    permission = Permission.VIEW_REPORTS
    write_permission = Permission.REQUEST_REPORTS
    lookup_url_kwarg = "report_id"

    reads = selectors_reports.reports_for_viewer
    reaches = {"contracts": selectors_contracts.contracts_for_viewer}

    def add(self, data):
        report = services_reports.report_request(
            actor=self.actor,
            contract=data["contract"],
            start=data["period_start"],
            end=data["period_end"],
        )
        return report, status.HTTP_201_CREATED

    @extend_schema(
        parameters=[
            id_parameter("report_id"),
            OpenApiParameter("format", OpenApiTypes.STR, enum=["pdf", "csv"]),
        ],
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PDFRenderer, CSVRenderer])
    def download(self, request, *args, **kwargs):
        """The ready report's PDF, or its CSV with ``?format=csv``. Not found
        while it is not ready."""
        report = self.get_object()
        files = selectors_reports.report_file(report)
        wanted = request.query_params.get("format", "pdf")
        format = ReportDownload.Format.CSV if wanted == "csv" else ReportDownload.Format.PDF
        services_reports.report_downloaded(actor=self.actor, report=report, format=format)
        if format == ReportDownload.Format.CSV:
            response = HttpResponse(files.csv, content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(bytes(files.pdf), content_type="application/pdf")
        name = selectors_reports.download_name(report, format)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response


ROUTES: list = [
    ("contracts", ContractViewSet, "api-contract"),
    ("reports", ReportViewSet, "api-report"),
]
