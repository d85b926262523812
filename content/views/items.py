"""Content items: `/api/content/` (list with filters and full-text search, create, read, edit) and
one action per review transition. History and comments are in `content.views.history`."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Role
from accounts.permissions import WorkspaceScopedMixin, require_role, signed_in_user
from aiagency.filters import FilterSet, IdFilter
from aiagency.preconditions import base_number, etag_header
from aiagency.renderers import JSONOnActions
from content import selectors
from content.models import ContentItem, ContentStatus
from content.serializers import (
    ContentCreateSerializer,
    ContentItemDetailSerializer,
    ContentItemSerializer,
    ContentUpdateSerializer,
    TransitionInputSerializer,
)
from content.services.exports import (
    ITEM_CONTENT_TYPES,
    ITEM_FORMATS,
    LIST_CONTENT_TYPES,
    LIST_FORMATS,
    ExportFile,
    item_export,
    items_export,
)
from content.services.items import item_create, item_create_from_generation, item_update_meta
from content.services.revisions import item_edit
from content.services.transitions import item_transition
from content.views.history import ItemHistoryActions

# Who may take each transition; editing and submitting need the viewset's `write_role`.
TRANSITION_ROLES = {
    "submit": Role.EDITOR,
    "approve": Role.REVIEWER,
    "request_changes": Role.REVIEWER,
    "publish": Role.REVIEWER,
    "archive": Role.EDITOR,
    "reopen": Role.ADMIN,
}


class ContentFilter(FilterSet):
    project = IdFilter(field_name="project_id")
    status = django_filters.ChoiceFilter(choices=ContentStatus.choices)
    assignee = IdFilter(field_name="assignee_id", help_text="A user id.")
    template = IdFilter(field_name="template_version__template_id", help_text="A template id.")
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    search = django_filters.CharFilter(
        method="filter_search", help_text="Full text over title and body."
    )

    class Meta:
        model = ContentItem
        fields = [
            "project",
            "status",
            "assignee",
            "template",
            "created_after",
            "created_before",
            "search",
        ]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.item_search(queryset, value) if value.strip() else queryset


# A list export beyond this many items answers 400 asking for narrower filters, never a cut file.
EXPORT_LIMIT = 10_000


def _export_format(request: Request, allowed: tuple[str, ...]) -> str:
    kind = request.query_params.get("format", allowed[0])
    if kind not in allowed:
        choices = ", ".join(allowed)
        raise ValidationError({"format": [_("Choose one of: %(choices)s.") % {"choices": choices}]})
    return kind


def _files(content_types: dict[str, str]) -> dict[tuple[int, str], Any]:
    """The schema's answers of an export: a file of each format's media type."""
    return {(200, media.split(";")[0]): OpenApiTypes.BINARY for media in content_types.values()}


def _download(export: ExportFile) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


def _item_answer(item: ContentItem, code: int = status.HTTP_200_OK) -> Response:
    item = selectors.item_list().get(pk=item.pk)
    return Response(
        ContentItemDetailSerializer(item).data, status=code, headers=etag_header(item.revision)
    )


def _transition(name: str, doc: str | None = None, *, url_path: str | None = None) -> Any:
    """The action (`POST {id}/<url_path>/`, a comment in the body) that takes transition `name`;
    who may is `TRANSITION_ROLES[name]`."""

    def move(self: ContentItemViewSet, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        serializer = TransitionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = serializer.validated_data["comment"]
        return _item_answer(
            item_transition(item=item, user=signed_in_user(request), action=name, comment=comment)
        )

    move.__name__, move.__doc__ = name, doc
    schema = extend_schema(request=TransitionInputSerializer, responses=ContentItemDetailSerializer)
    return schema(action(detail=True, methods=["post"], url_path=url_path)(move))


class ContentItemViewSet(
    JSONOnActions,
    WorkspaceScopedMixin,
    ItemHistoryActions,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Content: edited, reviewed, approved, published. An edit of title or body sends
    `base_revision` (or If-Match); a stale one answers 409 naming the newer revision."""

    queryset = selectors.item_list()
    serializer_class = ContentItemSerializer
    filterset_class = ContentFilter
    ordering_fields = ["created_at", "updated_at", "title", "status", "edit_ratio"]
    ordering = ["-created_at", "-id"]
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_roles = TRANSITION_ROLES
    json_actions = ("export", "export_list")

    def get_queryset(self) -> QuerySet[ContentItem]:
        queryset = super().get_queryset()
        # A list (a board column, the table) shows no body: a kilobyte a row nobody reads.
        return queryset.defer("body") if self.action == "list" else queryset

    def get_serializer_class(self) -> type:
        return ContentItemDetailSerializer if self.action == "retrieve" else ContentItemSerializer

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return _item_answer(self.get_object())

    @extend_schema(request=ContentCreateSerializer, responses={201: ContentItemDetailSerializer})
    def create(self, request: Request) -> Response:
        serializer = ContentCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        generation = data.pop("generation", None)
        if generation is None:
            workspace = self.workspace_for_write(data.pop("workspace", None))
            item = item_create(workspace=workspace, user=signed_in_user(request), data=data)
            return _item_answer(item, status.HTTP_201_CREATED)
        require_role(request, generation.workspace, Role.EDITOR)
        made = item_create_from_generation(
            generation=generation, user=signed_in_user(request), project=data.get("project")
        )
        return _item_answer(made.item, status.HTTP_201_CREATED if made.created else 200)

    @extend_schema(request=ContentUpdateSerializer, responses=ContentItemDetailSerializer)
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        serializer = ContentUpdateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        given = data.pop("base_revision", None)
        text = {key: data.pop(key) for key in ("title", "body") if key in data}
        item = item_update_meta(item=item, data=data)
        if text:
            base = base_number(request, given, field="base_revision", what=_("revision"))
            item = item_edit(item=item, user=signed_in_user(request), base_revision=base, **text)
        return _item_answer(item)

    submit = _transition("submit")
    approve = _transition("approve")
    request_changes = _transition(
        "request_changes",
        "Back to the writer, with a comment saying what should change (required).",
        url_path="request-changes",
    )
    publish = _transition("publish")
    archive = _transition("archive")
    reopen = _transition("reopen", "Back to draft from archived (admins).")

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=list(ITEM_FORMATS), default="md")],
        responses=_files(ITEM_CONTENT_TYPES),
    )
    @action(detail=True, methods=["get"])
    def export(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The item as Markdown, HTML (sanitised) or DOCX."""
        item = self.get_object()
        return _download(item_export(item, _export_format(request, ITEM_FORMATS)))

    @extend_schema(
        operation_id="content_export_list",
        parameters=[OpenApiParameter("format", str, enum=list(LIST_FORMATS), default="zip")],
        responses=_files(LIST_CONTENT_TYPES),
    )
    @action(detail=False, methods=["get"], url_path="export")
    def export_list(self, request: Request) -> HttpResponse:
        """The list's items (same filters) as a zip of Markdown files with a CSV index, as CSV
        or as JSON Lines."""
        kind = _export_format(request, LIST_FORMATS)
        items = self.filter_queryset(self.get_queryset())
        if items.count() > EXPORT_LIMIT:
            raise ValidationError(
                {
                    "non_field_errors": [
                        _("Over %(limit)s items: narrow the filters.")
                        % {"limit": f"{EXPORT_LIMIT:,}"}
                    ]
                }
            )
        return _download(items_export(items, kind))
