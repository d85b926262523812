from __future__ import annotations

from rest_framework.routers import SimpleRouter

from evaluations.views import DatasetViewSet, EvaluationViewSet

router = SimpleRouter()
router.register("datasets", DatasetViewSet, basename="dataset")
router.register("evaluations", EvaluationViewSet, basename="evaluation")

urlpatterns = router.urls
