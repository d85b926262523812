from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.http import StreamingHttpResponse
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from accounts.permissions import WorkspaceScopedMixin, require_role, workspace_roles
from generations import selectors
from generations.models import Generation, ProviderCredential
from generations.serializers import (
    FeedbackSerializer,
    GenerationCreateSerializer,
    GenerationRetrySerializer,
    GenerationSerializer,
    ProviderCredentialSerializer,
    ProviderSerializer,
)
from generations.services.credentials import credential_save
from generations.services.requests import (
    generation_cancel,
    generation_create,
    generation_enqueue,
    generation_feedback,
    generation_retry,
)
from generations.services.runs import StreamMessage, generation_run, generation_stream

IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"


class EventStreamRenderer(BaseRenderer):
    """Lets a client that accepts only `text/event-stream` negotiate the stream endpoint; errors
    raised before streaming starts then arrive as a single `error` event."""

    media_type = "text/event-stream"
    format = "sse"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> bytes:
        return sse("error", data).encode()


def sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, default=str)}\n\n"


class GenerationFilter(filters.FilterSet):
    template = filters.NumberFilter(field_name="template_version__template")
    user = filters.NumberFilter(field_name="user")
    created_after = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = Generation
        fields = ["status", "provider", "model", "cache_hit", "mode"]


class GenerationViewSet(
    WorkspaceScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Generations: create (sync, async or streamed), history, cancel, retry, feedback."""

    queryset = selectors.generation_list()
    serializer_class = GenerationSerializer
    filterset_class = GenerationFilter
    search_fields = ["rendered_prompt", "output"]
    ordering_fields = ["created_at", "latency_ms", "cost", "input_tokens", "output_tokens"]

    def _idempotency_key(self) -> str | None:
        key = self.request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        return key[:255] or None

    def _validated_request(self) -> GenerationCreateSerializer:
        serializer = GenerationCreateSerializer(
            data=self.request.data, context={"request": self.request}
        )
        serializer.is_valid(raise_exception=True)
        require_role(self.request, serializer.validated_data["template"].workspace, Role.EDITOR)
        return serializer

    def _answer(self, generation: Generation, *, created: bool) -> Response:
        sync = generation.mode == Generation.Mode.SYNC
        # A run returns the finished row with what the serializer needs already joined.
        finished = generation_run(generation_id=generation.pk) if created and sync else None
        if created and not sync:
            generation_enqueue(generation=generation)
        generation = finished or selectors.generation_list().get(pk=generation.pk)
        code = status.HTTP_201_CREATED if sync else status.HTTP_202_ACCEPTED
        headers = {} if created else {REPLAYED_HEADER: "true"}
        return Response(GenerationSerializer(generation).data, status=code, headers=headers)

    @extend_schema(
        request=GenerationCreateSerializer,
        responses={201: GenerationSerializer, 202: GenerationSerializer},
        parameters=[OpenApiParameter(IDEMPOTENCY_HEADER, str, OpenApiParameter.HEADER)],
    )
    def create(self, request: Request) -> Response:
        serializer = self._validated_request()
        generation, created = generation_create(
            user=request.user, data=serializer.to_input(), idempotency_key=self._idempotency_key()
        )
        return self._answer(generation, created=created)

    @extend_schema(
        request=GenerationCreateSerializer,
        responses={(200, "text/event-stream"): str},
        parameters=[OpenApiParameter(IDEMPOTENCY_HEADER, str, OpenApiParameter.HEADER)],
        description="Server-sent events: `start` {id}, `delta` {text}..., then `done` (the "
        "generation) or `error` {error: {code, message, fields}, id}.",
    )
    @action(detail=False, methods=["post"], renderer_classes=[JSONRenderer, EventStreamRenderer])
    def stream(self, request: Request) -> StreamingHttpResponse:
        serializer = self._validated_request()
        generation, _ = generation_create(
            user=request.user,
            data=serializer.to_input(mode=Generation.Mode.STREAM),
            idempotency_key=self._idempotency_key(),
        )
        response = StreamingHttpResponse(
            self._events(generation_stream(generation=generation)),
            content_type="text/event-stream",
        )
        response["Cache-Control"] = "no-cache"
        response["X-Accel-Buffering"] = "no"  # nginx must pass each event on at once
        return response

    @staticmethod
    def _events(messages: Iterator[StreamMessage]) -> Iterator[str]:
        for message in messages:
            data = message.data
            if isinstance(data, Generation):
                data = GenerationSerializer(selectors.generation_list().get(pk=data.pk)).data
            yield sse(message.event, data)

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
            user=request.user,
            mode=serializer.validated_data["mode"],
            idempotency_key=self._idempotency_key(),
        )
        return self._answer(generation, created=created)

    @extend_schema(request=FeedbackSerializer, responses=GenerationSerializer)
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, pk: str | None = None) -> Response:
        generation = self.get_object()
        serializer = FeedbackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        generation = generation_feedback(generation=generation, **serializer.validated_data)
        return Response(GenerationSerializer(generation).data)


class ProviderListView(APIView):
    """Providers with their models, prices, whether they are configured, and circuit health."""

    @extend_schema(
        responses=ProviderSerializer(many=True),
        parameters=[OpenApiParameter("workspace", int, description="count this workspace's keys")],
    )
    def get(self, request: Request) -> Response:
        workspace_id = request.query_params.get("workspace")
        if workspace_id is not None:
            if not workspace_id.isdigit():
                raise ValidationError({"workspace": ["A workspace id must be an integer."]})
            if int(workspace_id) not in workspace_roles(request):
                raise NotFound()
        providers = selectors.provider_overview(
            workspace_id=int(workspace_id) if workspace_id else None
        )
        return Response(ProviderSerializer(providers, many=True).data)


class ProviderCredentialViewSet(
    WorkspaceScopedMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """A workspace's own provider keys: stored encrypted, shown only by their last 4 characters."""

    queryset = ProviderCredential.objects.all()
    serializer_class = ProviderCredentialSerializer
    write_role = Role.ADMIN
    filterset_fields = ["provider"]

    def perform_create(self, serializer: ProviderCredentialSerializer) -> None:
        data = serializer.validated_data
        serializer.instance = credential_save(
            workspace=self.workspace_for_write(data.get("workspace")),
            user=self.request.user,
            provider=data["provider"],
            api_key=data.get("api_key", ""),
            base_url=data.get("base_url", ""),
        )
