"""Operational gauges computed when Prometheus scrapes `/metrics`: the generation queue and the
providers' circuit breakers.

Both live in shared state (the database, the cache) rather than in one process's counters, so any
API replica reports the same value: dashboards and alert rules take `max()` over replicas. They are
read at scrape time, which also makes them correct in prometheus_client's multiprocess mode, where
a live gauge in one gunicorn worker would be meaningless: whoever builds the `/metrics` registry
registers `OpsCollector()` in it (`register()`, called from `GenerationsConfig.ready()`, does so for
the default registry).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from django.utils import timezone
from prometheus_client import REGISTRY
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

QUEUE_DEPTH = "generation_queue_depth"
QUEUE_OLDEST_AGE = "generation_queue_oldest_age_seconds"
CIRCUIT_OPEN = "provider_circuit_open"
METRIC_NAMES = (QUEUE_DEPTH, QUEUE_OLDEST_AGE, CIRCUIT_OPEN)


class OpsCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        # A scrape must answer even when the database or the cache does not: a family that
        # cannot be read is left out (Prometheus then sees it absent) and the reason logged.
        try:
            yield from self._queue()
        except Exception:
            logger.warning("queue metrics unavailable", exc_info=True)
        try:
            yield self._circuits()
        except Exception:
            logger.warning("circuit metrics unavailable", exc_info=True)

    def describe(self) -> list[GaugeMetricFamily]:
        # Registering must not touch the database: describe from names alone.
        return [
            GaugeMetricFamily(QUEUE_DEPTH, "Generations waiting for a worker (status queued)"),
            GaugeMetricFamily(QUEUE_OLDEST_AGE, "Age of the oldest queued generation"),
            GaugeMetricFamily(
                CIRCUIT_OPEN, "1 while a provider's circuit is open", labels=["provider"]
            ),
        ]

    @staticmethod
    def _queue() -> Iterator[GaugeMetricFamily]:
        from django.db.models import Count, Min

        from generations.models import Generation

        queued = Generation.objects.filter(status=Generation.Status.QUEUED).aggregate(
            depth=Count("pk"), oldest=Min("created_at")
        )
        yield GaugeMetricFamily(
            QUEUE_DEPTH, "Generations waiting for a worker (status queued)", value=queued["depth"]
        )
        oldest = queued["oldest"]
        age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
        yield GaugeMetricFamily(QUEUE_OLDEST_AGE, "Age of the oldest queued generation", value=age)

    @staticmethod
    def _circuits() -> GaugeMetricFamily:
        from generations.providers import PROVIDER_CHOICES
        from generations.services.circuit import CircuitState, circuit_state

        family = GaugeMetricFamily(
            CIRCUIT_OPEN, "1 while a provider's circuit is open", labels=["provider"]
        )
        for provider, _label in PROVIDER_CHOICES:
            family.add_metric([provider], float(circuit_state(provider) is CircuitState.OPEN))
        return family


_registered = False


def register() -> None:
    """Add the collector to the default registry, once. A registry built per scrape (multiprocess
    mode) takes `registry.register(OpsCollector())` instead."""
    global _registered
    if not _registered:
        REGISTRY.register(OpsCollector())
        _registered = True
