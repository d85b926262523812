"""Projects: `/api/projects/`, and `progress/` (items per status) for a project's page."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Role
from accounts.permissions import WorkspaceScopedMixin, signed_in_user
from aiagency.filters import FilterSet
from content import selectors
from content.models import Project
from content.serializers import (
    ProjectProgressSerializer,
    ProjectSerializer,
    ProjectUpdateSerializer,
)
from content.services.projects import project_create, project_update


class ProjectFilter(FilterSet):
    archived = django_filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false")], coerce=lambda value: value == "true"
    )
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")

    class Meta:
        model = Project
        fields = ["archived", "due_before", "due_after"]


class ProjectViewSet(
    WorkspaceScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Campaigns or client briefs that content and batches belong to; deleting one keeps its
    items and batches."""

    queryset = selectors.project_list()
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    search_fields = ["name", "description"]
    ordering_fields = ["name", "due_date", "created_at", "updated_at"]
    ordering = ["name", "id"]
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    action_roles = {"destroy": Role.ADMIN}

    def create(self, request: Request) -> Response:
        workspace, data = self.validated_for_create(ProjectSerializer)
        project = project_create(workspace=workspace, user=signed_in_user(request), data=data)
        return Response(ProjectSerializer(project).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProjectUpdateSerializer, responses=ProjectSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        project = self.get_object()
        serializer = ProjectUpdateSerializer(project, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        project = project_update(project=project, data=serializer.validated_data)
        return Response(ProjectSerializer(project).data)

    @extend_schema(responses=ProjectProgressSerializer)
    @action(detail=True, methods=["get"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        """`{status: items}` for the project, with its due date."""
        project = self.get_object()
        counts = selectors.project_progress(project=project)
        return Response({"due_date": project.due_date, "items": counts})
