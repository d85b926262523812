"""What content adds to the batches API, so that `generations` (below) knows nothing of content:
`POST /api/batches/{id}/save-as-content/`, served by this app at the batches' path, and the
project a batch belongs to (`project` on create, in every answer and as `?project=`), plugged in
through `generations.batch_links`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role, Workspace
from accounts.permissions import require_role, signed_in_user, workspace_roles
from aiagency.filters import IdFilter
from aiagency.queries import as_id
from content.selectors import batch_project, with_batch_project
from content.serializers import (
    BatchSavedSerializer,
    ProjectRefSerializer,
    SaveAsContentSerializer,
    project_field,
)
from content.services.items import items_from_batch
from content.services.projects import batch_project_create, project_check
from generations.models import Batch


class BatchProjectLink:
    """A batch's project: `generations.batch_links.BatchLink`, registered in `ContentConfig`."""

    name = "project"

    def request_field(self) -> serializers.Field:
        return project_field(
            "The project the batch belongs to; its rows saved as content go there."
        )

    def answer_field(self) -> serializers.Field:
        return ProjectRefSerializer(source="project_link.project", read_only=True, allow_null=True)

    def list_filter(self) -> IdFilter:
        return IdFilter(field_name="project_link__project", help_text="A project id.")

    def prepare(self, batches: QuerySet[Batch]) -> QuerySet[Batch]:
        return with_batch_project(batches)

    def check(self, *, value: Any, workspace: Workspace) -> None:
        project_check(project=value, workspace_id=workspace.pk)

    def attach(self, *, batch: Batch, value: Any) -> None:
        batch_project_create(batch=batch, project=value)


class SaveBatchAsContentView(APIView):
    """Every succeeded row of the batch becomes a draft item, once: a repeat answers the same
    items (201 when this call created any, 200 otherwise)."""

    @extend_schema(
        request=SaveAsContentSerializer,
        responses={201: BatchSavedSerializer, 200: BatchSavedSerializer},
        tags=["batches"],
    )
    def post(self, request: Request, pk: int) -> Response:
        batch = get_object_or_404(Batch, pk=as_id(pk), workspace__in=list(workspace_roles(request)))
        require_role(request, batch.workspace, Role.EDITOR)
        serializer = SaveAsContentSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # Not sent: the batch's own project; sent as null: none.
        project = data["project"] if "project" in data else batch_project(batch=batch)
        saved = items_from_batch(batch=batch, user=signed_in_user(request), project=project)
        code = status.HTTP_201_CREATED if saved.created else status.HTTP_200_OK
        return Response(BatchSavedSerializer(saved).data, status=code)
