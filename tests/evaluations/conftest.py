"""Evaluations run through batches: the generations tests' scripted providers and settings."""

from __future__ import annotations

from tests.generations.conftest import (  # noqa: F401  (fixtures)
    _batch_rows_in_the_test_thread,
    catalogue,
    scripts,
    sleeps,
)
