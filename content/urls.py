from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from content.views import (
    ContentItemViewSet,
    ProjectViewSet,
    SaveBatchAsContentView,
    WebhookViewSet,
)

router = DefaultRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register("content", ContentItemViewSet, basename="content")
router.register(r"workspaces/(?P<workspace_pk>\d+)/webhooks", WebhookViewSet, basename="webhook")

urlpatterns = [
    path(
        "batches/<int:pk>/save-as-content/",
        SaveBatchAsContentView.as_view(),
        name="batch-save-as-content",
    ),
    *router.urls,
]
