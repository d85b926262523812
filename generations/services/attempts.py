"""The provider calls of generations run by workers, each recorded before it is made.

A worker may die during a call (killed, out of memory, a lost node) with the answer, which the
provider bills all the same; a `GenerationAttempt` row written before the call is what is left of
it. Generations run in the request (sync, streamed) record none: their row is the record of their
one call in flight.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from generations.models import Generation, GenerationAttempt
from generations.providers import GenerationResult
from generations.services.catalogue import cost_of
from generations.services.manager import Target
from generations.services.quotas import maximum_usage

AttemptStatus = GenerationAttempt.Status


class AttemptLog:
    """The provider calls of a generation run by a worker, each recorded (`GenerationAttempt`)
    before it is made, since the worker may die during it with the answer, which the provider
    bills all the same. Whoever next runs the generation (a redelivered task, the sweep's requeue,
    a batch runner taking over) marks the calls left `started` as `unknown`, at an estimated
    cost (`quotas.maximum_usage`: the prompt priced, plus its maximum output), which the
    generation's cost then includes and its `attempts` list shows."""

    LOST = "Lost: the process running it stopped during the call; its answer is unknown."
    INTERRUPTED = "Interrupted at the task time limit; its answer is unknown."

    def __init__(
        self,
        generation: Generation,
        recorded: list[GenerationAttempt],
        on_recorded: Callable[[], None],
    ) -> None:
        self.generation = generation
        self.on_recorded = on_recorded
        self.number = max((record.number for record in recorded), default=0)
        self.lost = [record for record in recorded if record.status == AttemptStatus.UNKNOWN]
        self.current: GenerationAttempt | None = None
        self.answered: dict[str, Any] | None = None

    @classmethod
    def resume(
        cls,
        generation: Generation,
        *,
        on_recorded: Callable[[], None],
        any_recorded: bool = True,
    ) -> AttemptLog:
        """The log of a generation this runner has just claimed; `on_recorded` runs after each
        call is recorded, right before it is made. `any_recorded` false (the claim found no
        call recorded, as for a row run the first time) spares reading them."""
        recorded = list(generation.attempt_records.all()) if any_recorded else []
        for record in recorded:
            if record.status == AttemptStatus.STARTED:
                _mark_unknown(generation, record, cls.LOST)
        return cls(generation, recorded, on_recorded)

    @property
    def lost_cost(self) -> Decimal:
        return sum((record.cost or Decimal(0) for record in self.lost), Decimal(0))

    def entries(self) -> list[dict[str, Any]]:
        """The lost calls, as the first items of the generation's `attempts`."""
        return [
            {
                "provider": record.provider,
                "model": record.model,
                "error": record.error,
                "latency_ms": None,
                "status": AttemptStatus.UNKNOWN,
                "cost": str(record.cost) if record.cost is not None else None,
            }
            for record in self.lost
        ]

    def started(self, target: Target) -> None:
        self.number += 1
        self.current = GenerationAttempt.objects.create(
            generation=self.generation,
            number=self.number,
            provider=target.provider,
            model=target.model,
            started_at=timezone.now(),
        )
        self.on_recorded()

    def failed(self, error: Exception) -> None:
        self._end(status=AttemptStatus.FAILED, error=str(error))

    def succeeded(self, target: Target, result: GenerationResult) -> None:
        """The call answered. Its end is written once the generation's outcome is
        (`record_answer`): a process dying between the two leaves the answer counted in the
        outcome, where the other order left a call answered, and billed, that the run taking
        the generation over did not count (it counts the calls left `started`)."""
        self.answered = {
            "status": AttemptStatus.SUCCEEDED,
            "input_tokens": result.input_tokens,
            "output_tokens": result.output_tokens,
            "cost": cost_of(
                provider=target.provider,
                model=target.model,
                input_tokens=result.input_tokens,
                output_tokens=result.output_tokens,
            ),
        }

    def record_answer(self) -> None:
        """Write the end of the call that answered, if one did (see `succeeded`)."""
        if self.answered is not None:
            self._end(**self.answered)
            self.answered = None

    def interrupted(self) -> None:
        if self.current is not None:
            _mark_unknown(self.generation, self.current, self.INTERRUPTED)
            self.lost.append(self.current)
            self.current = None

    def _end(self, **fields: Any) -> None:
        if self.current is None:
            return
        # Conditional: a runner that took the generation over may have marked it unknown.
        GenerationAttempt.objects.filter(pk=self.current.pk, status=AttemptStatus.STARTED).update(
            finished_at=timezone.now(), **fields
        )
        self.current = None


def _mark_unknown(generation: Generation, record: GenerationAttempt, error: str) -> None:
    estimate = maximum_usage(generation=generation, provider=record.provider, model=record.model)
    record.status, record.cost, record.error = AttemptStatus.UNKNOWN, estimate.cost, error
    record.finished_at = timezone.now()
    GenerationAttempt.objects.filter(pk=record.pk, status=AttemptStatus.STARTED).update(
        status=record.status, cost=record.cost, error=error, finished_at=record.finished_at
    )
