"""The templates API: `/api/templates/`.

No DELETE: a template is archived instead, because generations keep pointing at its versions.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Role
from accounts.permissions import WorkspaceScopedMixin, require_role, signed_in_user
from aiagency.filters import FilterSet, IdFilter, whole_number_param
from aiagency.pagination import paged_response
from aiagency.preconditions import base_number, etag_header
from aiagency.schema import ErrorSerializer
from templates_app import selectors
from templates_app.models import Template, TemplateVersion
from templates_app.serializers import (
    DiffSerializer,
    ExportSerializer,
    ImportResultSerializer,
    ImportSerializer,
    LabelDeleteSerializer,
    LabelMoveSerializer,
    LabelSerializer,
    LabelSetSerializer,
    PreviewResultSerializer,
    PreviewSerializer,
    ReleaseGatesSerializer,
    RestoreSerializer,
    TemplateCreateSerializer,
    TemplateSerializer,
    TemplateUpdateSerializer,
    TemplateVersionSerializer,
    TemplateWrittenSerializer,
)
from templates_app.services.diff import version_diff
from templates_app.services.formats import WRITERS
from templates_app.services.importing import template_import
from templates_app.services.labels import label_delete, label_set, template_set_release_gates
from templates_app.services.preview import template_preview
from templates_app.services.versions import (
    TemplateWrite,
    template_create,
    template_restore,
    template_set_archived,
    template_update,
)

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_VERSION_NUMBER = 2**31 - 1  # `TemplateVersion.number`, a PositiveIntegerField
LABEL_NAME = r"(?P<name>[-a-zA-Z0-9_]{1,50})"
_EXPORT_TYPES = {"json": "application/json", "yaml": "application/yaml"}


class TemplateFilter(FilterSet):
    category = django_filters.CharFilter(field_name="category")
    tag = django_filters.CharFilter(method="filter_tag", help_text="Templates with this tag.")
    # A choice rather than a BooleanFilter, which silently ignores a value it cannot read.
    archived = django_filters.TypedChoiceFilter(
        field_name="is_archived",
        choices=[("true", "true"), ("false", "false")],
        coerce=lambda value: value == "true",
    )
    author = IdFilter(field_name="created_by_id", help_text="A user id.")

    class Meta:
        model = Template
        fields = ["category", "tag", "archived", "author"]

    def filter_tag(self, queryset: QuerySet[Template], name: str, value: str) -> QuerySet[Template]:
        # Tags are stored as a JSON list of lowercase slugs, so the quoted tag matches one whole
        # element in the JSON text, the same way on SQLite and PostgreSQL.
        return queryset.filter(tags__icontains=f'"{value.strip().lower()}"')


class _FormatIsAFileType(DefaultContentNegotiation):
    """On export `?format=` names the file type, not one of DRF's renderers."""

    # DRF reads this one setting from it; the stubs expect all of DRF's settings.
    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)  # type: ignore[assignment]


def _etag(template: Template) -> dict[str, str]:
    return etag_header(template.current.number)


def _written(write: TemplateWrite, code: int = status.HTTP_200_OK) -> Response:
    template = write.template
    # What this write did, for TemplateWrittenSerializer to show: not columns of the model.
    template.version_created = write.version_created  # type: ignore[attr-defined]
    template.warnings = write.warnings  # type: ignore[attr-defined]
    data = TemplateWrittenSerializer(template).data
    return Response(data, status=code, headers=_etag(template))


def _base_version(request: Request, given: int | None) -> int:
    return base_number(request, given, field="base_version", what=_("version"))


def _version_number(request: Request, name: str, default: int) -> int:
    number = whole_number_param(request.query_params, name, largest=MAX_VERSION_NUMBER)
    return default if number is None else number


class TemplateViewSet(WorkspaceScopedMixin[Template], viewsets.ReadOnlyModelViewSet[Template]):
    """Prompt templates; a content change writes a new version, edits need `base_version`."""

    queryset = selectors.template_list()
    serializer_class = TemplateSerializer
    filterset_class = TemplateFilter
    search_fields = ["name", "description", "current_version__body"]
    ordering_fields = ["name", "slug", "category", "created_at", "updated_at"]
    ordering = ["name", "id"]
    lookup_value_regex = r"\d+"
    action_roles = {
        "preview": Role.VIEWER,  # reads only: renders without storing anything
        "export": Role.VIEWER,
        # Whoever may bypass a gate (force a move) may set the gates.
        "release_gates": Role.OWNER,
    }

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        template = self.get_object()
        return Response(TemplateSerializer(template).data, headers=_etag(template))

    @extend_schema(request=TemplateCreateSerializer, responses={201: TemplateWrittenSerializer})
    def create(self, request: Request) -> Response:
        workspace, data = self.validated_for_create(TemplateCreateSerializer)
        write = template_create(workspace=workspace, user=signed_in_user(request), data=data)
        return _written(write, status.HTTP_201_CREATED)

    @extend_schema(request=TemplateUpdateSerializer, responses=TemplateWrittenSerializer)
    def update(self, request: Request, pk: str | None = None, partial: bool = False) -> Response:
        template = self.get_object()
        serializer = TemplateUpdateSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        base_version = _base_version(request, data.pop("base_version", None))
        write = template_update(
            template=template, user=signed_in_user(request), base_version=base_version, data=data
        )
        return _written(write)

    @extend_schema(request=TemplateUpdateSerializer, responses=TemplateWrittenSerializer)
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(request=None, responses=TemplateSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, pk: str | None = None) -> Response:
        template = template_set_archived(template=self.get_object(), archived=True)
        return Response(TemplateSerializer(template).data)

    @extend_schema(request=None, responses=TemplateSerializer)
    @action(detail=True, methods=["post"])
    def unarchive(self, request: Request, pk: str | None = None) -> Response:
        template = template_set_archived(template=self.get_object(), archived=False)
        return Response(TemplateSerializer(template).data)

    @extend_schema(responses=TemplateVersionSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])  # paged, not filtered
    def versions(self, request: Request, pk: str | None = None) -> Response:
        rows = selectors.template_version_list(template=self.get_object()).order_by("-number")
        return paged_response(self, rows, TemplateVersionSerializer)

    def _version(
        self, template: Template, number: int, field: str | None = None
    ) -> TemplateVersion:
        version = selectors.template_version_get(template=template, number=number)
        if version is None:
            if field:
                raise ValidationError(
                    {field: [_("Version %(number)d does not exist.") % {"number": number}]}
                )
            raise Http404
        return version

    @extend_schema(responses=TemplateVersionSerializer)
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>\d+)")
    def version_detail(self, request: Request, pk: str | None = None, number: str = "") -> Response:
        version = self._version(self.get_object(), int(number))
        return Response(TemplateVersionSerializer(version).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("from", int, description="Defaults to the version before `to`."),
            OpenApiParameter("to", int, description="Defaults to the current version."),
        ],
        responses=DiffSerializer,
    )
    @action(detail=True, methods=["get"])
    def diff(self, request: Request, pk: str | None = None) -> Response:
        template = self.get_object()
        new = _version_number(request, "to", template.current.number)
        old = _version_number(request, "from", max(new - 1, 1))
        return Response(
            version_diff(
                old=self._version(template, old, "from"), new=self._version(template, new, "to")
            )
        )

    @extend_schema(request=RestoreSerializer, responses={201: TemplateWrittenSerializer})
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, pk: str | None = None) -> Response:
        template = self.get_object()
        serializer = RestoreSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        write = template_restore(
            template=template,
            user=signed_in_user(request),
            number=data["version"],
            base_version=_base_version(request, data.get("base_version")),
            changelog=data.get("changelog", ""),
        )
        return _written(write, status.HTTP_201_CREATED)

    @extend_schema(request=PreviewSerializer, responses=PreviewResultSerializer)
    @action(detail=True, methods=["post"])
    def preview(self, request: Request, pk: str | None = None) -> Response:
        template = self.get_object()
        serializer = PreviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        number = data.pop("version", template.current.number)
        result = template_preview(
            version=self._version(template, number, "version"), values=data.pop("variables"), **data
        )
        return Response(PreviewResultSerializer(result).data)

    # --- labels -----------------------------------------------------------------------------------
    def _force_allowed(self, template: Template, force: bool) -> None:
        if force:
            require_role(self.request, template.workspace, Role.OWNER)

    @extend_schema(
        methods=["get"], responses=LabelSerializer(many=True), description="Every label."
    )
    @extend_schema(
        methods=["post"],
        request=LabelSetSerializer,
        responses={200: LabelSerializer, 201: LabelSerializer},
        description="Create or move a label (201 when created). A gated label moves only to a "
        "version with a passing evaluation (else 409 `gate_not_passed`, `details.best_pass_rate`), "
        "unless an owner sends `force` with a `reason`.",
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def labels(self, request: Request, pk: str | None = None) -> Response:
        template = self.get_object()
        if request.method == "GET":
            return Response(
                LabelSerializer(selectors.label_list(template=template), many=True).data
            )
        serializer = LabelSetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        self._force_allowed(template, data["force"])
        existed = selectors.label_list(template=template).filter(name=data["name"]).exists()
        label, _moved = label_set(
            template=template,
            user=signed_in_user(request),
            name=data["name"],
            arms=data["arms"],
            reason=data["reason"],
            force=data["force"],
        )
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(LabelSerializer(label).data, status=code)

    @extend_schema(
        request=LabelDeleteSerializer,
        responses={
            204: None,
            409: OpenApiResponse(ErrorSerializer, description="A gated label goes only by force."),
        },
    )
    @action(detail=True, methods=["delete"], url_path=f"labels/{LABEL_NAME}")
    def label_detail(self, request: Request, pk: str | None = None, name: str = "") -> Response:
        template = self.get_object()
        serializer = LabelDeleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        self._force_allowed(template, data["force"])
        label_delete(
            template=template,
            user=signed_in_user(request),
            name=name.lower(),
            reason=data["reason"],
            force=data["force"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=LabelMoveSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        url_path=f"labels/{LABEL_NAME}/history",
        filter_backends=[],
    )
    def label_history(self, request: Request, pk: str | None = None, name: str = "") -> Response:
        """Every move of the label, newest first (a deleted label's too)."""
        moves = selectors.label_history(template=self.get_object(), name=name.lower())
        return paged_response(self, moves, LabelMoveSerializer)

    @extend_schema(request=ReleaseGatesSerializer, responses=TemplateSerializer)
    @action(detail=True, methods=["put"], url_path="release-gates")
    def release_gates(self, request: Request, pk: str | None = None) -> Response:
        """Replace the template's release gates (owners)."""
        template = self.get_object()
        serializer = ReleaseGatesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        gates = [
            {key: value for key, value in gate.items() if value not in ("", None)}
            for gate in serializer.validated_data["release_gates"]
        ]
        template = template_set_release_gates(template=template, gates=gates)
        return Response(TemplateSerializer(template).data)

    @extend_schema(request=ImportSerializer, responses=ImportResultSerializer)
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_files(self, request: Request) -> Response:
        serializer = ImportSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        workspace = self.workspace_for_write(data.get("workspace"))
        files = data["file"]
        if any(upload.size > MAX_IMPORT_BYTES for upload in files):
            raise ValidationError(
                {
                    "file": [
                        _("Each file is limited to %(limit)s bytes.")
                        % {"limit": f"{MAX_IMPORT_BYTES:,}"}
                    ]
                }
            )
        report = template_import(
            workspace=workspace,
            user=signed_in_user(request),
            files=[(upload.name, upload.read()) for upload in files],
            dry_run=data["dry_run"],
        )
        return Response(report.as_dict())

    @extend_schema(
        parameters=[ExportSerializer],
        # Both formats carry the same document, `{"templates": [...]}`.
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "application/yaml"): OpenApiTypes.OBJECT,
        },
    )
    @action(detail=False, methods=["get"], content_negotiation_class=_FormatIsAFileType)
    def export(self, request: Request) -> HttpResponse:
        serializer = ExportSerializer(data=request.query_params, context={"request": request})
        serializer.is_valid(raise_exception=True)
        # Resolving the workspace also checks the caller may read it (`action_roles`).
        workspace = self.workspace_for_write(serializer.validated_data.get("workspace"))
        kind = serializer.validated_data["format"]
        records = list(selectors.template_export_records(workspace=workspace))
        response = HttpResponse(WRITERS[kind](records), content_type=_EXPORT_TYPES[kind])
        filename = f"templates-{workspace.slug}.{kind}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
