"""`POST /api/batches/{id}/save-as-content/`: served by this app at the batches' path, so that
`generations` (below) knows nothing of content."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from accounts.permissions import require_role, signed_in_user, workspace_roles
from aiagency.queries import as_id
from content.serializers import BatchSavedSerializer, SaveAsContentSerializer
from content.services.items import items_from_batch
from generations.models import Batch


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
        saved = items_from_batch(
            batch=batch,
            user=signed_in_user(request),
            project=serializer.validated_data.get("project"),
        )
        code = status.HTTP_201_CREATED if saved.created else status.HTTP_200_OK
        return Response(BatchSavedSerializer(saved).data, status=code)
