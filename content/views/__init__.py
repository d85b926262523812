from content.views.batches import SaveBatchAsContentView
from content.views.items import ContentItemViewSet
from content.views.projects import ProjectViewSet
from content.views.webhooks import WebhookViewSet

__all__ = ["ContentItemViewSet", "ProjectViewSet", "SaveBatchAsContentView", "WebhookViewSet"]
