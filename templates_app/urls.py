from __future__ import annotations

from rest_framework.routers import SimpleRouter

from templates_app.views import TemplateViewSet

router = SimpleRouter()
router.register("templates", TemplateViewSet, basename="template")

urlpatterns = router.urls
