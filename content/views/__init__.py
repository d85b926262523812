from content.views.batches import SaveBatchAsContentView
from content.views.items import ContentItemViewSet
from content.views.projects import ProjectViewSet

__all__ = ["ContentItemViewSet", "ProjectViewSet", "SaveBatchAsContentView"]
