"""Batches: create from an upload or inline rows (or only check them), watch, cancel, retry the
failed rows, download the results."""

from __future__ import annotations

import functools

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Role
from accounts.permissions import WorkspaceScopedMixin, require_role, signed_in_user
from aiagency.filters import FilterSet
from aiagency.renderers import JSONOnActions
from aiagency.schema import sse_event_schema
from generations import selectors
from generations.batch_links import batch_links
from generations.models import Batch
from generations.serializers import (
    BatchCreateSerializer,
    BatchDryRunSerializer,
    BatchRowSerializer,
    BatchSerializer,
)
from generations.services.batch_exports import (
    CONTENT_TYPES,
    EXPORT_FORMATS,
    batch_results_file,
)
from generations.services.batch_input import check_request_size
from generations.services.batch_progress import HEARTBEAT_SECONDS, batch_progress_stream
from generations.services.batches import (
    batch_cancel,
    batch_check,
    batch_create,
    batch_retry_failed,
)
from generations.views.common import (
    IDEMPOTENCY_HEADER,
    LabelFilter,
    created_or_replayed,
    event_stream_response,
    idempotency_key,
    render_progress_event,
)


class BatchFilter(FilterSet):
    label = LabelFilter()

    class Meta:
        model = Batch
        fields = ["status"]


@functools.cache
def batch_filter() -> type[FilterSet]:
    """`BatchFilter` and the filters of what the apps above link to a batch (`?project=`), which
    they register once ready: built at the first request, not when this module is imported."""
    links = {link.name: link.list_filter() for link in batch_links()}
    return type("BatchFilter", (BatchFilter,), links)


class BatchViewSet(JSONOnActions, WorkspaceScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Batches: one template over many rows, each row a generation."""

    queryset = selectors.batch_list()
    serializer_class = BatchSerializer
    ordering_fields = ["created_at"]
    json_actions = ("results", "events")

    @property
    def filterset_class(self) -> type[FilterSet]:
        return batch_filter()

    @staticmethod
    def _read(batch: Batch) -> dict:
        return BatchSerializer(selectors.batch_list().get(pk=batch.pk)).data

    @extend_schema(
        request={
            "multipart/form-data": BatchCreateSerializer,
            "application/json": BatchCreateSerializer,
        },
        responses={201: BatchSerializer, 200: BatchDryRunSerializer},
        parameters=[OpenApiParameter(IDEMPOTENCY_HEADER, str, OpenApiParameter.HEADER)],
        description="Every row is checked before anything runs; invalid rows are skipped or the "
        "batch refused (`on_invalid`). `dry_run=true` answers 200 with the check and estimate. "
        "Too many rows or too large a file answer 413.",
    )
    def create(self, request: Request) -> Response:
        check_request_size(int(request.META.get("CONTENT_LENGTH") or 0))
        serializer = BatchCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        require_role(request, serializer.validated_data["template"].workspace, Role.EDITOR)
        batch_input = serializer.to_input()
        if serializer.validated_data["dry_run"]:
            check = batch_check(data=batch_input)
            return Response(BatchDryRunSerializer(check.as_dict()).data)
        batch, created = batch_create(
            user=signed_in_user(request), data=batch_input, idempotency_key=idempotency_key(request)
        )
        return created_or_replayed(self._read(batch), created=created, code=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=BatchSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Rows not yet started are cancelled; rows running finish."""
        return Response(self._read(batch_cancel(batch=self.get_object())))

    @extend_schema(request=None, responses=BatchSerializer)
    @action(detail=True, methods=["post"])
    def retry_failed(self, request: Request, pk: str | None = None) -> Response:
        """Run the failed rows of a finished batch again."""
        return Response(self._read(batch_retry_failed(batch=self.get_object())))

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=list(selectors.BATCH_INPUT_ROW_STATUSES)),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses=BatchRowSerializer(many=True),
    )
    # The batch list's filters (`?status=` is a batch's status there) do not apply here.
    @action(detail=True, methods=["get"], filter_backends=[])
    def rows(self, request: Request, pk: str | None = None) -> Response:
        """Every input row in input order, invalid ones included, with its outcome."""
        wanted = request.query_params.get("status")
        if wanted is not None and wanted not in selectors.BATCH_INPUT_ROW_STATUSES:
            choices = ", ".join(selectors.BATCH_INPUT_ROW_STATUSES)
            raise ValidationError(
                {"status": [_("Choose one of: %(choices)s.") % {"choices": choices}]}
            )
        rows = self.paginate_queryset(selectors.batch_rows(batch=self.get_object(), status=wanted))
        results = [selectors.batch_row_result(row) for row in rows or []]  # None: no paging
        return self.get_paginated_response(BatchRowSerializer(results, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=list(EXPORT_FORMATS), default="csv")],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="CSV export"),
            (200, "application/x-ndjson"): OpenApiResponse(
                OpenApiTypes.BINARY, description="JSON Lines export"
            ),
            409: OpenApiResponse(description="The batch has not finished yet."),
        },
    )
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str | None = None) -> FileResponse:
        """Every input row in input order (invalid ones too): its own columns, then status,
        error, output, tokens and cost."""
        fmt = request.query_params.get("format", "csv")
        if fmt not in EXPORT_FORMATS:
            choices = ", ".join(EXPORT_FORMATS)
            raise ValidationError(
                {"format": [_("Choose one of: %(choices)s.") % {"choices": choices}]}
            )
        batch = self.get_object()
        return FileResponse(
            batch_results_file(batch=batch, fmt=fmt),
            as_attachment=True,
            filename=f"batch-{batch.pk}-results.{fmt}",
            content_type=CONTENT_TYPES[fmt],
        )

    @extend_schema(
        responses={(200, "text/event-stream"): sse_event_schema("progress", "done")},
        description="Server-sent events: `progress` (the batch, as GET returns it) whenever it "
        "changes, then `done` when it has finished; a comment line every "
        f"{HEARTBEAT_SECONDS:.0f} s while nothing changes. The stream ends after "
        "`BATCH_EVENTS_MAX_SECONDS` (300 s by default); EventSource reconnects. A user may hold "
        "`BATCH_EVENTS_MAX_STREAMS_PER_USER` streams at once; one more answers 429.",
    )
    @action(detail=True, methods=["get"])
    def events(self, request: Request, pk: str | None = None) -> StreamingHttpResponse:
        batch = self.get_object()
        stream = batch_progress_stream(
            batch_id=batch.pk,
            user_id=signed_in_user(request).pk,
            serialize=lambda polled: dict(BatchSerializer(polled).data),
            render=render_progress_event,
        )
        return event_stream_response(stream)
