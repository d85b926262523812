"""Providers and their health, and workspaces' own provider keys."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from accounts.models import Role, Workspace
from accounts.permissions import WorkspaceScopedMixin, signed_in_user, workspace_roles
from aiagency.filters import whole_number_param
from generations import selectors
from generations.models import ProviderCredential
from generations.serializers import ProviderCredentialSerializer, ProviderSerializer
from generations.services.credentials import credential_delete, credential_save


class ProviderListView(APIView):
    """Providers with their models, prices, whether they are configured, and circuit health."""

    @extend_schema(
        responses=ProviderSerializer(many=True),
        parameters=[OpenApiParameter("workspace", int, description="count this workspace's keys")],
    )
    def get(self, request: Request) -> Response:
        workspace_id = whole_number_param(request.query_params, "workspace")
        workspace = None
        if workspace_id is not None:
            if workspace_id not in workspace_roles(request):
                raise NotFound()
            workspace = Workspace.objects.get(pk=workspace_id)
        providers = selectors.provider_overview(workspace=workspace)
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

    def perform_create(self, serializer: BaseSerializer[ProviderCredential]) -> None:
        data = serializer.validated_data
        serializer.instance = credential_save(
            workspace=self.workspace_for_write(data.get("workspace")),
            user=signed_in_user(self.request),
            provider=data["provider"],
            api_key=data.get("api_key", ""),
            base_url=data.get("base_url", ""),
        )

    def perform_destroy(self, instance: ProviderCredential) -> None:
        credential_delete(credential=instance)
