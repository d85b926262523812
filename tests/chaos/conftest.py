"""The chaos runs need the machine's PostgreSQL and Redis binaries (they start private servers),
nginx, and a broker (`CELERY_BROKER_URL`, as `.ci/run` sets); they are collected only by
`make chaos` and `make soak` (`CHAOS=1`, see tests/conftest.py)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest

from tests.chaos.services import missing_binaries

_missing = missing_binaries()
if not os.environ.get("CELERY_BROKER_URL"):
    _missing.append("a broker: set CELERY_BROKER_URL (.ci/run does)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not _missing:
        return
    skip = pytest.mark.skip(reason=f"chaos runs need {', '.join(_missing)}")
    for item in items:
        if "tests/chaos/" in str(item.path):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _quiet_httpx() -> Iterator[None]:
    # httpx logs every request at INFO: thousands of lines in a chaos run.
    logger = logging.getLogger("httpx")
    level = logger.level
    logger.setLevel(logging.WARNING)
    yield
    logger.setLevel(level)
