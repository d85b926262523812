"""`/api/datasets/`, `/api/evaluations/` and `/api/comparisons/`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Role
from accounts.permissions import WorkspaceScopedMixin, require_role, signed_in_user
from aiagency.filters import whole_number_param
from aiagency.pagination import paged_response
from aiagency.renderers import JSONOnActions
from aiagency.schema import ErrorSerializer, sse_event_schema
from evaluations import selectors
from evaluations.models import Comparison, Dataset, Evaluation
from evaluations.serializers import (
    ComparisonCreateSerializer,
    ComparisonSerializer,
    ComparisonTargetSerializer,
    DatasetCopyBatchSerializer,
    DatasetImportSerializer,
    DatasetRowsAddSerializer,
    DatasetRowSerializer,
    DatasetSerializer,
    EvaluationComparisonSerializer,
    EvaluationCreateSerializer,
    EvaluationDetailSerializer,
    EvaluationSerializer,
    RowsAddedSerializer,
)
from evaluations.services.comparisons import comparison_create, comparison_events
from evaluations.services.datasets import (
    dataset_create,
    dataset_delete,
    dataset_rows_add,
    dataset_rows_copy_batch,
    dataset_rows_import,
    dataset_update,
)
from evaluations.services.evaluations import evaluation_create
from generations.services.batch_input import check_request_size
from generations.services.batch_progress import HEARTBEAT_SECONDS, progress_stream
from generations.views.common import (
    IDEMPOTENCY_HEADER,
    created_or_replayed,
    event_stream_response,
    idempotency_key,
    render_progress_event,
)


def _added(count: int) -> Response:
    return Response(RowsAddedSerializer({"added": count}).data, status=status.HTTP_201_CREATED)


def _start(
    request: Request,
    input_serializer: type[EvaluationCreateSerializer | ComparisonCreateSerializer],
    create: Callable[..., tuple[Any, bool]],
    read: Callable[[Any], dict],
) -> Response:
    """Validate, check the caller edits the template's workspace, then start the work in the
    background: 202 with `read(row)`, or 200 with the first row when a repeated `Idempotency-Key`
    replays the request."""
    serializer = input_serializer(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    data = serializer.to_input()
    require_role(request, data.template.workspace, Role.EDITOR)
    row, created = create(
        user=signed_in_user(request), data=data, idempotency_key=idempotency_key(request)
    )
    return created_or_replayed(read(row), created=created)


class DatasetViewSet(WorkspaceScopedMixin, viewsets.ModelViewSet):
    """Datasets of rows `{variables, reference?}` with checks; editors write, viewers read."""

    queryset = selectors.dataset_list()
    serializer_class = DatasetSerializer
    ordering_fields = ["name", "created_at"]
    search_fields = ["name"]
    http_method_names = ["get", "post", "patch", "delete"]

    def create(self, request: Request) -> Response:
        workspace, data = self.validated_for_create(DatasetSerializer)
        dataset = dataset_create(workspace=workspace, user=signed_in_user(request), data=data)
        return Response(self._read(dataset), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        dataset = self.get_object()
        serializer = DatasetSerializer(
            dataset, data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "workspace"}
        return Response(self._read(dataset_update(dataset=dataset, data=data)))

    @extend_schema(
        responses={
            204: None,
            409: OpenApiResponse(ErrorSerializer, description="A release gate names it."),
        }
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance: Dataset) -> None:
        dataset_delete(dataset=instance)

    def _read(self, dataset: Dataset) -> dict:
        return DatasetSerializer(selectors.dataset_list().get(pk=dataset.pk)).data

    @extend_schema(methods=["get"], responses=DatasetRowSerializer(many=True))
    @extend_schema(
        methods=["post"], request=DatasetRowsAddSerializer, responses={201: RowsAddedSerializer}
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def rows(self, request: Request, pk: str | None = None) -> Response:
        """The rows in order (paged); POST appends `{rows: [{variables, reference?}]}`."""
        dataset = self.get_object()
        if request.method == "GET":
            return paged_response(self, dataset.rows.order_by("position"), DatasetRowSerializer)
        serializer = DatasetRowsAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return _added(dataset_rows_add(dataset=dataset, rows=serializer.validated_data["rows"]))

    @extend_schema(request=DatasetImportSerializer, responses={201: RowsAddedSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_rows(self, request: Request, pk: str | None = None) -> Response:
        """Append the rows of a file, read as a batch's (a `reference` column is the reference)."""
        check_request_size(int(request.META.get("CONTENT_LENGTH") or 0))
        dataset = self.get_object()
        serializer = DatasetImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        added = dataset_rows_import(dataset=dataset, name=upload.name, content=upload.read())
        return _added(added)

    @extend_schema(request=DatasetCopyBatchSerializer, responses={201: RowsAddedSerializer})
    @action(detail=True, methods=["post"], url_path="copy-batch")
    def copy_batch(self, request: Request, pk: str | None = None) -> Response:
        """Append a batch's input rows (of this workspace)."""
        dataset = self.get_object()
        serializer = DatasetCopyBatchSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        batch = serializer.validated_data["batch"]
        return _added(dataset_rows_copy_batch(dataset=dataset, batch=batch))


class EvaluationViewSet(JSONOnActions, WorkspaceScopedMixin, viewsets.ReadOnlyModelViewSet):
    """A template version run over a dataset, every output checked."""

    queryset = selectors.evaluation_list()
    serializer_class = EvaluationSerializer
    json_actions = ("events",)  # its errors raised before streaming starts (404, 429)
    filterset_fields = ["status", "dataset"]
    ordering_fields = ["created_at", "pass_rate"]

    def get_serializer_class(self) -> type:
        return EvaluationDetailSerializer if self.action == "retrieve" else EvaluationSerializer

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        if self.action == "retrieve":
            return queryset.prefetch_related("results__generation", "results__dataset_row")
        return queryset

    @extend_schema(
        request=EvaluationCreateSerializer,
        responses={202: EvaluationSerializer, 200: EvaluationSerializer},
        parameters=[OpenApiParameter(IDEMPOTENCY_HEADER, str, OpenApiParameter.HEADER)],
        description="Runs every row of the dataset as a batch, then checks the outputs. A "
        "repeated `Idempotency-Key` with the same request answers 200 with the first.",
    )
    def create(self, request: Request) -> Response:
        return _start(request, EvaluationCreateSerializer, evaluation_create, self._read)

    @extend_schema(
        parameters=[
            OpenApiParameter("a", int, required=True),
            OpenApiParameter("b", int, required=True),
        ],
        responses={
            200: EvaluationComparisonSerializer,
            404: OpenApiResponse(ErrorSerializer, description="No such evaluation here."),
        },
    )
    @action(detail=False, methods=["get"], filter_backends=[])
    def compare(self, request: Request) -> Response:
        """Two evaluations of the same dataset, row by row: which passed more checks or scored
        higher, and the totals."""
        numbers = {name: whole_number_param(request.query_params, name) for name in ("a", "b")}
        required = _("This parameter is required.")
        if missing := {n: [required] for n, v in numbers.items() if v is None}:
            raise ValidationError(missing)
        found = {n: get_object_or_404(self.get_queryset(), pk=v) for n, v in numbers.items()}
        a, b = found["a"], found["b"]
        if a.dataset_id != b.dataset_id:
            raise ValidationError({"b": [_("Compare two evaluations of the same dataset.")]})
        comparison = selectors.evaluation_compare(a=a, b=b)
        return Response(EvaluationComparisonSerializer(comparison).data)

    @extend_schema(
        responses={(200, "text/event-stream"): sse_event_schema("progress", "done")},
        description="Server-sent events as a batch's: `progress` (the evaluation, as the list "
        "shows it) whenever it changes, then `done` once it is scored; a comment line every "
        f"{HEARTBEAT_SECONDS:.0f} s while nothing changes. Counted against "
        "`BATCH_EVENTS_MAX_STREAMS_PER_USER`.",
    )
    @action(detail=True, methods=["get"])
    def events(self, request: Request, pk: str | None = None) -> StreamingHttpResponse:
        evaluation_id = self.get_object().pk
        events = selectors.evaluation_progress(
            evaluation_id=evaluation_id,
            serialize=lambda polled: dict(EvaluationSerializer(polled).data),
        )
        stream = progress_stream(
            events=events, user_id=signed_in_user(request).pk, render=render_progress_event
        )
        return event_stream_response(stream)

    def _read(self, evaluation: Evaluation) -> dict:
        return EvaluationSerializer(selectors.evaluation_list().get(pk=evaluation.pk)).data


COMPARISON_EVENTS = (
    "Server-sent events, one stream for every target: `status` `{index, generation, status}` "
    "when a target's generation changes status (`queued`, `running`); then, per target, `done` "
    "(it succeeded) or `error` (it failed or was cancelled), each with the whole target as GET "
    "shows it (`index`, `generation`, `status`, `output`, `error`, tokens, `cost`, "
    "`latency_ms`...); a target that fails does not stop the others. `end` `{comparison}` once "
    f"every target has ended. A comment line every {HEARTBEAT_SECONDS:.0f} s while nothing "
    "changes; the stream ends after `BATCH_EVENTS_MAX_SECONDS` and counts against "
    "`BATCH_EVENTS_MAX_STREAMS_PER_USER` (one more answers 429)."
)


class ComparisonViewSet(JSONOnActions, WorkspaceScopedMixin, viewsets.ReadOnlyModelViewSet):
    """One set of variables on 2 to 4 targets side by side, each target a background generation."""

    queryset = selectors.comparison_list()
    serializer_class = ComparisonSerializer
    json_actions = ("stream",)  # its errors raised before streaming starts (404, 429)
    ordering_fields = ["created_at"]

    @extend_schema(
        request=ComparisonCreateSerializer,
        responses={202: ComparisonSerializer, 200: ComparisonSerializer},
        parameters=[OpenApiParameter(IDEMPOTENCY_HEADER, str, OpenApiParameter.HEADER)],
        description="Starts one background generation per target (each recorded, metered and "
        "costed as any generation) and answers 202 with the comparison and each target's "
        "generation id. A refused target names its field: `targets.1.version`. A repeated "
        "`Idempotency-Key` with the same request answers 200 with the first.",
    )
    def create(self, request: Request) -> Response:
        return _start(request, ComparisonCreateSerializer, comparison_create, self._read)

    @extend_schema(
        responses={(200, "text/event-stream"): sse_event_schema("status", "done", "error", "end")},
        description=COMPARISON_EVENTS,
    )
    @action(detail=True, methods=["get"])
    def stream(self, request: Request, pk: str | None = None) -> StreamingHttpResponse:
        comparison_id = self.get_object().pk
        targets = selectors.comparison_targets().filter(comparison_id=comparison_id)
        events = comparison_events(
            comparison_id=comparison_id,
            load=lambda: list(ComparisonTargetSerializer(targets.all(), many=True).data),
        )
        stream = progress_stream(
            events=events, user_id=signed_in_user(request).pk, render=render_progress_event
        )
        return event_stream_response(stream)

    def _read(self, comparison: Comparison) -> dict:
        return ComparisonSerializer(selectors.comparison_list().get(pk=comparison.pk)).data
