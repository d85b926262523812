from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from generations import views

router = DefaultRouter()
router.register("generations", views.GenerationViewSet, basename="generation")
router.register("batches", views.BatchViewSet, basename="batch")
router.register(
    "provider-credentials", views.ProviderCredentialViewSet, basename="provider-credential"
)

urlpatterns = [
    path("providers/", views.ProviderListView.as_view(), name="providers"),
    *router.urls,
]
