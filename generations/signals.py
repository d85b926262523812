"""Signals for the apps above this one (content's webhooks listen to them), so that generations
never imports them (the layers run one way)."""

from __future__ import annotations

from django.dispatch import Signal

# A generation outside any batch failed; `generation=` (a batch reports once, when it finishes).
generation_failed = Signal()
# A batch ran to its end (succeeded, completed, failed or cancelled); `batch=`.
batch_finished = Signal()
