"""API for imports, for an organisation moving from another system by
script: the same services, checks and error report as the pages.

POST a file (multipart, ``kind`` and ``file``; ``columns`` optional, the
field for each column in order, "" for none) and the answer is the dry
run: what each row would do and every problem, with its row and column.
POST ``apply/`` to write it (every accepted row, or none), ``undo/`` to
undo it while its records are untouched.

ROUTES are (prefix, viewset, basename) tuples that keyring_net/api_urls.py
registers."""

from __future__ import annotations

from typing import ClassVar

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser

from keyring_net.api.base import creates, row_action, service_errors
from keyring_net.api.mixins import RowsViewSet
from keyring_net.api.rows import read_only, shown
from keyring_net.policy import Permission
from spreadsheets.models import ImportRun
from spreadsheets.selectors.imports import import_runs
from spreadsheets.services.imports import runs
from spreadsheets.services.imports.engine import problem_text


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()
    text = serializers.SerializerMethodField()

    def get_text(self, problem: dict) -> str:
        return problem_text(problem)


class ImportOutcomeSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["create", "update", "unchanged", "problem"])
    what = serializers.CharField()


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
    """One import with its dry run: each row's outcome and every problem."""

    problems = ImportProblemSerializer(many=True, read_only=True)
    outcomes = ImportOutcomeSerializer(many=True, read_only=True)
    undo_note = serializers.SerializerMethodField(
        help_text="What undoing this import cannot take back (a staff import's invitations "
        "already sent), in plain words; empty for most kinds."
    )

    Meta = read_only(
        ImportRun, [*ImportRunSerializer.Meta.fields, "problems", "outcomes", "undo_note"]
    )

    def get_undo_note(self, run: ImportRun) -> str:
        return runs.undo_note(run.kind)


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
        return import_runs(actor, with_report=self.action != "list")

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
        return ImportRunDetailSerializer(self.get_queryset().get(pk=row.pk))

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
