from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Content")  # the admin's heading

    def ready(self) -> None:
        # Webhooks for what happens in the generations app, which cannot import this one.
        from content.selectors import with_content_item
        from content.services.events import on_batch_finished, on_generation_failed
        from content.views.batches import BatchProjectLink
        from generations.batch_links import register_batch_link
        from generations.selectors import register_generation_annotator
        from generations.signals import batch_finished, generation_failed

        # A generation's answer shows the content made from it and how much people changed it.
        register_generation_annotator("content", with_content_item)
        # A batch belongs to a project: taken on create, shown, filtered by.
        register_batch_link(BatchProjectLink())

        batch_finished.connect(on_batch_finished, dispatch_uid="content.batch_finished")
        generation_failed.connect(on_generation_failed, dispatch_uid="content.generation_failed")
