"""A workspace's webhooks (admins): `/api/workspaces/{id}/webhooks/`, their `deliveries/` and
`deliveries/{id}/redeliver/`. The secret is in the answer to the creation only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Role, Workspace
from accounts.permissions import require_role, signed_in_user
from aiagency.pagination import paged_response
from aiagency.queries import as_id
from content.models import Webhook, WebhookDelivery
from content.serializers import (
    WebhookCreatedSerializer,
    WebhookDeliverySerializer,
    WebhookSerializer,
)
from content.services.deliveries import delivery_redeliver
from content.services.webhooks import webhook_create, webhook_update


class WebhookViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = WebhookSerializer
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    workspace: Workspace

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        pk = as_id(kwargs["workspace_pk"])
        workspace = Workspace.objects.filter(pk=pk).first() if pk is not None else None
        if workspace is None:
            raise NotFound()
        require_role(request, workspace, Role.ADMIN)  # 404 for a stranger
        self.workspace = workspace

    def get_queryset(self) -> QuerySet[Webhook]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no workspace
            return Webhook.objects.none()
        return Webhook.objects.filter(workspace=self.workspace)

    @extend_schema(request=WebhookSerializer, responses={201: WebhookCreatedSerializer})
    def create(self, request: Request, workspace_pk: str) -> Response:
        serializer = WebhookSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        hook = webhook_create(
            workspace=self.workspace, user=signed_in_user(request), data=serializer.validated_data
        )
        return Response(WebhookCreatedSerializer(hook).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, workspace_pk: str, pk: str) -> Response:
        serializer = WebhookSerializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        hook = webhook_update(webhook=self.get_object(), data=serializer.validated_data)
        return Response(WebhookSerializer(hook).data)

    @extend_schema(responses=WebhookDeliverySerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def deliveries(self, request: Request, workspace_pk: str, pk: str) -> Response:
        queryset = self.get_object().deliveries.select_related("event")
        return paged_response(self, queryset, WebhookDeliverySerializer)

    @extend_schema(request=None, responses={202: WebhookDeliverySerializer})
    @action(detail=True, methods=["post"], url_path=r"deliveries/(?P<delivery_id>\d+)/redeliver")
    def redeliver(self, request: Request, workspace_pk: str, pk: str, delivery_id: str) -> Response:
        delivery = get_object_or_404(
            WebhookDelivery.objects.select_related("event"),
            webhook=self.get_object(),
            pk=as_id(delivery_id),
        )
        delivery = delivery_redeliver(delivery=delivery)
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
