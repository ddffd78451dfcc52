"""API for imports, for an organisation moving from another system by
script: the same services, checks and error report as the pages.

POST a file (multipart, ``kind`` and ``file``; ``columns`` optional, the
field for each column in order, "" for none) and the answer is the dry
run: the counts, the first rows' outcomes and problems, with their row and
column. ``GET {id}/rows/`` reads the whole row-by-row report a page at a
time. POST ``apply/`` to write it (every accepted row, or none), ``undo/``
to undo it while its records are untouched. A row's address is shown only
to those who may see addresses (``policy.FIELD_RULES``).

ROUTES are (prefix, viewset, basename) tuples that keyring_net/api_urls.py
registers."""

from __future__ import annotations

from typing import ClassVar

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser

from keyring_net.api.base import (
    FieldRulesMixin,
    creates,
    id_parameter,
    row_action,
    service_errors,
)
from keyring_net.api.mixins import RowsViewSet
from keyring_net.api.rows import read_only, shown
from keyring_net.policy import Permission
from spreadsheets.models import ImportReportRow, ImportRun
from spreadsheets.selectors.imports import ADDRESS_RULE, import_runs, problem_rows, report_rows
from spreadsheets.services.imports import runs
from spreadsheets.services.imports.engine import problem_text

# The answer to a POST, apply or undo, and a read of one import, holds
# this many rows of the report; ``rows/`` pages through all of them.
FIRST_ROWS = 100


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()
    text = serializers.SerializerMethodField()

    def get_text(self, problem: dict) -> str:
        return problem_text(problem)


class RowProblemSerializer(serializers.Serializer):
    column = serializers.CharField()
    message = serializers.CharField()


class ImportReportRowSerializer(FieldRulesMixin, serializers.ModelSerializer):
    """One row of the file: what it would do (or did), the record in words,
    its address (for those who may see addresses) and its problems."""

    problems = RowProblemSerializer(many=True, read_only=True)
    field_rules: ClassVar = {"address": ADDRESS_RULE}

    Meta = read_only(ImportReportRow, ["row", "action", "what", "address", "problems"])


class ImportRunSerializer(serializers.ModelSerializer):
    started_by_name = shown("started_by.full_name")

    Meta = read_only(
        ImportRun,
        [
            "id",
            "kind",
            "state",
            "file_name",
            "started_by",
            "started_by_name",
            "started_at",
            "headers",
            "columns",
            "rows_total",
            "created",
            "updated",
            "skipped",
            "problem_rows",
            "failure",
            "applied_at",
            "undone_at",
        ],
    )


class ImportRunDetailSerializer(ImportRunSerializer):
    """One import with the start of its report: the first rows' outcomes
    and the problems of the first rows that have them (``rows/`` has every
    row)."""

    outcomes = serializers.SerializerMethodField(
        help_text=f"The first {FIRST_ROWS} rows of the report; rows/ has them all."
    )
    problems = serializers.SerializerMethodField(
        help_text=f"The problems of the first {FIRST_ROWS} rows with problems, each with "
        "its row, column and words; rows/ has them all."
    )
    undo_note = serializers.SerializerMethodField(
        help_text="What undoing this import cannot take back (a staff import's invitations "
        "already sent), in plain words; empty for most kinds."
    )

    Meta = read_only(
        ImportRun, [*ImportRunSerializer.Meta.fields, "problems", "outcomes", "undo_note"]
    )

    def get_undo_note(self, run: ImportRun) -> str:
        return runs.undo_note(run.kind)

    @extend_schema_field(ImportReportRowSerializer(many=True))
    def get_outcomes(self, run: ImportRun) -> list:
        rows = report_rows(run)[:FIRST_ROWS] if run.report_number else []
        return ImportReportRowSerializer(rows, many=True, context=self.context).data

    @extend_schema_field(ImportProblemSerializer(many=True))
    def get_problems(self, run: ImportRun) -> list:
        if not run.report_number:
            return []
        rows = problem_rows(run).only("row", "problems")[:FIRST_ROWS]
        found = [{"row": row.row, **problem} for row in rows for problem in row.problems]
        return ImportProblemSerializer(found, many=True).data


class ImportStartSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImportRun.Kind.choices)
    file = serializers.FileField(
        allow_empty_file=True, error_messages={"required": "Send the file to import."}
    )
    columns = serializers.ListField(
        child=serializers.CharField(allow_blank=True, max_length=40),
        required=False,
        max_length=200,
    )


@extend_schema_view(retrieve=extend_schema(responses=ImportRunDetailSerializer))
@creates(ImportStartSerializer, ImportRunDetailSerializer)
class ImportViewSet(RowsViewSet):
    """Imports: the organisation's admins only."""

    serializer_class = ImportRunSerializer
    serializer_classes: ClassVar = {"retrieve": ImportRunDetailSerializer}
    permission = Permission.IMPORT_RECORDS
    parser_classes: ClassVar = [MultiPartParser]
    lookup_url_kwarg = "run_id"

    def scoped_queryset(self, actor):
        return import_runs(actor)

    def add(self, data: dict):
        upload = data["file"]
        with transaction.atomic():  # a file whose columns cannot be matched is not kept
            run = runs.import_start(
                actor=self.actor,
                kind=data["kind"],
                file_name=upload.name,
                data=upload.read(runs.MAX_FILE_BYTES + 1),
            )
            columns = data.get("columns") or run.columns
            runs.import_match(actor=self.actor, run=run, columns=columns)
        return run, status.HTTP_201_CREATED

    def written(self, row):
        return ImportRunDetailSerializer(
            self.get_queryset().get(pk=row.pk), context=self.get_serializer_context()
        )

    @extend_schema(
        parameters=[id_parameter("run_id")], responses=ImportReportRowSerializer(many=True)
    )
    @action(detail=True, methods=["get"])
    def rows(self, request, run_id=None):
        """The import's whole row-by-row report, a page at a time, in the
        file's order."""
        run = self.get_object()
        page = self.paginate_queryset(report_rows(run))
        data = ImportReportRowSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(data.data)

    @row_action(request=None, response=ImportRunDetailSerializer, id_name="run_id")
    def apply(self, request, run_id=None):
        run = self.get_object()
        with service_errors():
            runs.import_apply(actor=self.actor, run=run)
        return self.answer(run)

    @row_action(request=None, response=ImportRunDetailSerializer, id_name="run_id")
    def undo(self, request, run_id=None):
        run = self.get_object()
        with service_errors():
            runs.import_undo(actor=self.actor, run=run)
        return self.answer(run)


ROUTES = [("imports", ImportViewSet, "api-import")]
