"""An item's history and thread, as actions of `ContentItemViewSet`: `revisions/`,
`revisions/{n}/`, `diff/`, `transitions/`, `comments/` and `comments/{id}/resolve/`."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import signed_in_user
from aiagency.filters import whole_number_param
from aiagency.pagination import paged_response
from aiagency.queries import as_id
from content import selectors
from content.models import ContentItem, Revision
from content.serializers import (
    CommentResolveSerializer,
    CommentSerializer,
    RevisionDiffSerializer,
    RevisionSerializer,
    TransitionSerializer,
)
from content.services.comments import comment_create, comment_set_resolved


def _revision(item: ContentItem, number: int, field: str) -> Revision:
    revision = selectors.revision_list(item=item).filter(number=number).first()
    if revision is None:
        raise ValidationError(
            {field: [_("Revision %(number)d does not exist.") % {"number": number}]}
        )
    return revision


class ItemHistoryActions:
    """Mixed into `ContentItemViewSet`, whose `get_object` scopes and checks roles."""

    get_object: Any
    paginate_queryset: Any
    get_paginated_response: Any

    @extend_schema(
        description="The item's revisions, newest first.", responses=RevisionSerializer(many=True)
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def revisions(self, request: Request, pk: str | None = None) -> Response:
        revisions = selectors.revision_list(item=self.get_object()).order_by("-number")
        return paged_response(self, revisions, RevisionSerializer)

    @extend_schema(responses=RevisionSerializer)
    @action(detail=True, methods=["get"], url_path=r"revisions/(?P<number>\d+)")
    def revision_detail(
        self, request: Request, pk: str | None = None, number: str = ""
    ) -> Response:
        revision = get_object_or_404(
            selectors.revision_list(item=self.get_object()), number=as_id(number)
        )
        return Response(RevisionSerializer(revision).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("from", int, description="Defaults to 1, the AI's text."),
            OpenApiParameter("to", int, description="Defaults to the current revision."),
        ],
        responses=RevisionDiffSerializer,
    )
    @action(detail=True, methods=["get"])
    def diff(self, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        old = whole_number_param(request.query_params, "from", largest=2**31 - 1) or 1
        new = whole_number_param(request.query_params, "to", largest=2**31 - 1) or item.revision
        return Response(
            selectors.revision_diff(
                old=_revision(item, old, "from"), new=_revision(item, new, "to")
            )
        )

    @extend_schema(responses=TransitionSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def transitions(self, request: Request, pk: str | None = None) -> Response:
        transitions = selectors.transition_list(item=self.get_object())
        return paged_response(self, transitions, TransitionSerializer)

    @extend_schema(
        methods=["GET"],
        description="The item's thread, newest first.",
        request=None,
        responses=CommentSerializer(many=True),
    )
    @extend_schema(methods=["POST"], request=CommentSerializer, responses={201: CommentSerializer})
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def comments(self, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        if request.method == "GET":
            # Newest first, as `revisions/`: the first page is the latest of a long thread.
            comments = selectors.comment_list(item=item).order_by("-created_at", "-id")
            return paged_response(self, comments, CommentSerializer)
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = comment_create(
            item=item, user=signed_in_user(request), body=serializer.validated_data["body"]
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CommentResolveSerializer, responses=CommentSerializer)
    @action(detail=True, methods=["post"], url_path=r"comments/(?P<comment_id>\d+)/resolve")
    def resolve_comment(
        self, request: Request, pk: str | None = None, comment_id: str = ""
    ) -> Response:
        comment = get_object_or_404(
            selectors.comment_list(item=self.get_object()), pk=as_id(comment_id)
        )
        serializer = CommentResolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = comment_set_resolved(
            comment=comment,
            user=signed_in_user(request),
            resolved=serializer.validated_data["resolved"],
        )
        return Response(CommentSerializer(comment).data)
