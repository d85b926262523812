from __future__ import annotations

from rest_framework.routers import SimpleRouter

from evaluations.views import ComparisonViewSet, DatasetViewSet, EvaluationViewSet

router = SimpleRouter()
router.register("datasets", DatasetViewSet, basename="dataset")
router.register("evaluations", EvaluationViewSet, basename="evaluation")
router.register("comparisons", ComparisonViewSet, basename="comparison")

urlpatterns = router.urls
