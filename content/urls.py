from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from content import views

router = DefaultRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("content", views.ContentItemViewSet, basename="content")
router.register(
    r"workspaces/(?P<workspace_pk>\d+)/webhooks", views.WebhookViewSet, basename="webhook"
)

urlpatterns = [
    path(
        "batches/<int:pk>/save-as-content/",
        views.SaveBatchAsContentView.as_view(),
        name="batch-save-as-content",
    ),
    *router.urls,
]
