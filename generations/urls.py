from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from generations.views import (
    BatchViewSet,
    GenerationViewSet,
    ProviderCredentialViewSet,
    ProviderListView,
)

router = DefaultRouter()
router.register("generations", GenerationViewSet, basename="generation")
router.register("batches", BatchViewSet, basename="batch")
router.register("provider-credentials", ProviderCredentialViewSet, basename="provider-credential")

urlpatterns = [
    path("providers/", ProviderListView.as_view(), name="providers"),
    *router.urls,
]
