"""Generations: create (sync, async or streamed), history, cancel, retry, feedback."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime

from django.db import OperationalError
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Role
from accounts.permissions import WorkspaceScopedMixin, require_role, signed_in_user
from aiagency.exceptions import DatabaseUnavailable
from aiagency.filters import FilterSet, IdFilter, IntegerFilter
from aiagency.renderers import JSONRenderer
from aiagency.schema import sse_event_schema
from generations import selectors
from generations.models import Generation
from generations.serializers import (
    FeedbackSerializer,
    GenerationCreateSerializer,
    GenerationRetrySerializer,
    GenerationSerializer,
)
from generations.services.requests import generation_cancel, generation_feedback
from generations.services.runs import StreamMessage
from generations.services.submissions import (
    generation_retry,
    generation_stream_submit,
    generation_submit,
)
from generations.views.common import (
    IDEMPOTENCY_HEADER,
    LARGEST_VERSION,
    EventStreamRenderer,
    LabelFilter,
    created_or_replayed,
    event_stream_response,
    idempotency_key,
    sse,
)

logger = logging.getLogger("generations")


class UtcIsoDateTimeFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 moment, compared in UTC: PostgreSQL refuses UTC offsets beyond ±15:59, which
    ISO 8601 allows, so the offset is applied here rather than sent to the database."""

    def filter(self, queryset: QuerySet, value: datetime | None) -> QuerySet:
        if value is not None:
            try:
                value = value.astimezone(UTC)
            except OverflowError as error:
                raise ValidationError(
                    {self.field_name: [_("This moment is out of range.")]}
                ) from error
        return super().filter(queryset, value)


class GenerationFilter(FilterSet):
    template = IdFilter(field_name="template_version__template")
    template_version = IntegerFilter(
        field_name="template_version__number",
        min_value=1,
        max_value=LARGEST_VERSION,
        help_text=gettext_lazy("A version number of `template` (send both)."),
    )
    label = LabelFilter()
    user = IdFilter(field_name="user")
    created_after = UtcIsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UtcIsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = Generation
        fields = ["status", "provider", "model", "cache_hit", "mode"]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        data = self.form.cleaned_data
        if data.get("template_version") is not None and data.get("template") is None:
            # A version number means nothing without its template: never ignored silently.
            message = _("Send `template` with `template_version` (a version number).")
            raise ValidationError({"template_version": [message]})
        return super().filter_queryset(queryset)


class GenerationViewSet(WorkspaceScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Generations: create (sync, async or streamed), history, cancel, retry, feedback."""

    queryset = selectors.generation_list()
    serializer_class = GenerationSerializer
    filterset_class = GenerationFilter
    search_fields = ["rendered_prompt", "output"]
    ordering_fields = ["created_at", "latency_ms", "cost", "input_tokens", "output_tokens"]

    def get_queryset(self) -> QuerySet[Generation]:
        queryset = super().get_queryset()
        return selectors.with_caller_rating(queryset, user=signed_in_user(self.request))

    def _idempotency_key(self) -> str | None:
        return idempotency_key(self.request)

    def _validated_request(self) -> GenerationCreateSerializer:
        serializer = GenerationCreateSerializer(
            data=self.request.data, context={"request": self.request}
        )
        serializer.is_valid(raise_exception=True)
        require_role(self.request, serializer.validated_data["template"].workspace, Role.EDITOR)
        return serializer

    @staticmethod
    def _answer(generation: Generation, *, created: bool) -> Response:
        sync = generation.mode == Generation.Mode.SYNC
        code = status.HTTP_201_CREATED if sync else status.HTTP_202_ACCEPTED
        data = GenerationSerializer(generation).data
        return created_or_replayed(data, created=created, code=code, replay_code=code)

    @extend_schema(
        request=GenerationCreateSerializer,
        responses={201: GenerationSerializer, 202: GenerationSerializer},
        parameters=[OpenApiParameter(IDEMPOTENCY_HEADER, str, OpenApiParameter.HEADER)],
    )
    def create(self, request: Request) -> Response:
        generation, created = generation_submit(
            user=signed_in_user(request),
            data=self._validated_request().to_input(),
            idempotency_key=self._idempotency_key(),
        )
        return self._answer(generation, created=created)

    @extend_schema(
        request=GenerationCreateSerializer,
        responses={(200, "text/event-stream"): sse_event_schema("start", "delta", "done", "error")},
        parameters=[OpenApiParameter(IDEMPOTENCY_HEADER, str, OpenApiParameter.HEADER)],
        description="Server-sent events: `start` {id}, `delta` {text}..., then `done` (the "
        "generation) or `error` {error: {code, message, fields}, id}.",
    )
    @action(detail=False, methods=["post"], renderer_classes=[JSONRenderer, EventStreamRenderer])
    def stream(self, request: Request) -> StreamingHttpResponse:
        serializer = self._validated_request()
        generation, messages = generation_stream_submit(
            user=signed_in_user(request),
            data=serializer.to_input(mode=Generation.Mode.STREAM),
            idempotency_key=self._idempotency_key(),
        )
        return event_stream_response(self._events(messages, generation.pk), source=messages)

    @staticmethod
    def _events(messages: Iterator[StreamMessage], generation_id: int) -> Iterator[str]:
        """The messages as events. A database that goes away mid-stream ends it with an `error`
        event rather than a cut connection; the sweep settles the generation once it is back."""
        try:
            for message in messages:
                data = message.data
                if isinstance(data, Generation):
                    data = GenerationSerializer(selectors.generation_list().get(pk=data.pk)).data
                yield sse(message.event, data)
        except OperationalError as error:
            logger.error(
                "database unavailable", exc_info=error, extra={"generation_id": generation_id}
            )
            unavailable = DatabaseUnavailable()
            failure = {"code": unavailable.default_code, "message": str(unavailable.detail)}
            yield sse("error", {"error": {**failure, "fields": {}}, "id": generation_id})

    @extend_schema(request=None, responses=GenerationSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        generation = generation_cancel(generation=self.get_object())
        return Response(GenerationSerializer(generation).data)

    @extend_schema(
        request=GenerationRetrySerializer,
        responses={201: GenerationSerializer, 202: GenerationSerializer},
        parameters=[OpenApiParameter(IDEMPOTENCY_HEADER, str, OpenApiParameter.HEADER)],
    )
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: str | None = None) -> Response:
        original = self.get_object()
        serializer = GenerationRetrySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        generation, created = generation_retry(
            generation=original,
            user=signed_in_user(request),
            mode=serializer.validated_data["mode"],
            idempotency_key=self._idempotency_key(),
        )
        return self._answer(generation, created=created)

    @extend_schema(
        request=FeedbackSerializer,
        responses=GenerationSerializer,
        description="Create or replace the caller's own rating (one per user).",
    )
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, pk: str | None = None) -> Response:
        generation = self.get_object()
        serializer = FeedbackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        generation_feedback(
            generation=generation, user=signed_in_user(request), **serializer.validated_data
        )
        return Response(GenerationSerializer(self.get_queryset().get(pk=generation.pk)).data)
