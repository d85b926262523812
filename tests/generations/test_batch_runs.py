"""Working through a batch: the lease, taking over a dead runner's rows, cancel, circuit breaker,
budget, pacing, and rows run by real threads."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connections
from django.utils import timezone

from generations import tasks
from generations.models import Batch, BatchRunner, Generation
from generations.providers import PermanentProviderError
from generations.services import batch_runs
from generations.services.batch_runs import _acquire_lease, batch_process, batches_requeue_stale
from generations.services.batches import BatchInput, batch_cancel, batch_create
from generations.services.circuit import circuit_record_failure
from generations.services.runs import generations_requeue_stale
from generations.signals import batch_finished
from tests.conftest import requires_env

pytestmark = pytest.mark.django_db


def new_batch(template, rows: int = 3, **fields) -> Batch:
    data = BatchInput(
        template=template, rows=[{"product": f"item {n}"} for n in range(rows)], **fields
    )
    batch, _ = batch_create(user=None, data=data, enqueue=False)
    return batch


def statuses(batch: Batch) -> list[str]:
    return list(batch.generations.order_by("batch_row").values_list("status", flat=True))


def test_a_batch_runs_each_row_once(product_template, scripts) -> None:
    batch = new_batch(product_template)

    outcome = batch_process(batch_id=batch.pk)
    again = batch_process(batch_id=batch.pk)

    assert outcome.ending == "finished"
    assert outcome.batch.status == "succeeded"
    assert not outcome.batch.runners.exists() and outcome.batch.finished_at
    assert statuses(batch) == ["succeeded"] * 3
    assert len(scripts.calls) == 3
    assert again is None  # finished: nothing to do, nobody called


def test_the_single_runner_lease_columns_stay_for_the_release_before(
    product_template, scripts
) -> None:
    """They left the model (generations 0010); the release before still names them in its
    queries while both run, and this release's rows are written without them."""
    batch = new_batch(product_template)

    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT runner_token, heartbeat_at FROM generations_batch WHERE id = %s", [batch.pk]
        )
        assert cursor.fetchone() == ("", None)


def test_the_lease_is_free_or_expired_only(product_template, scripts, settings) -> None:
    batch = new_batch(product_template)
    BatchRunner.objects.create(batch=batch, slot=0, token="alive", heartbeat_at=timezone.now())

    while_alive = _acquire_lease(batch.pk, wait=0)
    BatchRunner.objects.filter(batch=batch).update(
        heartbeat_at=timezone.now() - timedelta(seconds=settings.BATCH_LEASE_SECONDS + 1)
    )
    after_it_died = _acquire_lease(batch.pk, wait=0)

    assert while_alive is None
    assert after_it_died and after_it_died != "alive"


def test_a_new_runner_takes_over_the_rows_a_dead_runner_left_running(
    product_template, scripts, settings
) -> None:
    batch = new_batch(product_template)
    first = batch.generations.get(batch_row=1)
    # A runner claimed row 1 and died: its lease expired, the row is still `running`.
    Generation.objects.filter(pk=first.pk).update(status="running", run_token="dead")
    stale = timezone.now() - timedelta(seconds=settings.BATCH_LEASE_SECONDS + 1)
    Batch.objects.filter(pk=batch.pk).update(status="running")
    BatchRunner.objects.create(batch=batch, slot=0, token="dead", heartbeat_at=stale)

    outcome = batch_process(batch_id=batch.pk)

    assert outcome.batch.status == "succeeded"
    assert statuses(batch) == ["succeeded"] * 3
    assert len(scripts.calls) == 3  # every row generated once by the new runner
    first.refresh_from_db()
    assert first.run_token != "dead" and len(first.attempts) == 1


def test_each_runner_of_a_batch_takes_a_slot_of_its_own(
    product_template, scripts, settings
) -> None:
    settings.BATCH_RUNNERS = 2
    batch = new_batch(product_template)

    first, second, third = (_acquire_lease(batch.pk, wait=0) for _ in range(3))

    assert first and second and first != second
    assert third is None  # both slots held by live runners
    assert sorted(batch.runners.values_list("slot", flat=True)) == [0, 1]


def test_a_batch_is_sent_to_as_many_tasks_as_it_may_have_runners(
    product_template, scripts, settings, django_capture_on_commit_callbacks
) -> None:
    settings.BATCH_RUNNERS = 2
    data = BatchInput(template=product_template, rows=[{"product": "a"}])

    with django_capture_on_commit_callbacks() as sent:
        batch_create(user=None, data=data)

    assert len(sent) == 2


def test_a_runner_takes_over_only_the_rows_of_runners_that_died(
    product_template, scripts, settings
) -> None:
    settings.BATCH_RUNNERS = 3
    batch = new_batch(product_template)
    stale = timezone.now() - timedelta(seconds=settings.BATCH_LEASE_SECONDS + 1)
    BatchRunner.objects.create(batch=batch, slot=0, token="alive", heartbeat_at=timezone.now())
    BatchRunner.objects.create(batch=batch, slot=1, token="dead", heartbeat_at=stale)
    mine = _acquire_lease(batch.pk, wait=0)
    for row, token in [(1, "alive"), (2, "dead"), (3, mine)]:
        batch.generations.filter(batch_row=row).update(status="running", run_token=token)

    adopted = batch_runs._adopt_orphans(batch.pk, mine)

    assert [row.batch_row for row in adopted] == [2]
    tokens = batch.generations.order_by("batch_row").values_list("run_token", flat=True)
    assert list(tokens) == ["alive", mine, mine]


def test_a_claim_takes_several_rows_in_one_select_and_one_update(
    product_template, scripts, django_assert_max_num_queries
) -> None:
    batch = new_batch(product_template, rows=5)

    with django_assert_max_num_queries(4):  # with the savepoint and its release
        claimed = batch_runs._claim_rows(batch.pk, "mine", 4)

    assert [row.batch_row for row in claimed] == [1, 2, 3, 4]
    assert {row.status for row in claimed} == {"running"}
    assert statuses(batch) == ["running"] * 4 + ["queued"]
    assert claimed[0].template_version.template.name  # read with what its run needs


def test_a_busy_runner_claims_once_several_of_its_slots_are_free(product_template, scripts) -> None:
    batch = new_batch(product_template, rows=5)
    runner = batch_runs._Runner(batch, "t", concurrency=32, on_progress=None, slice_seconds=60)
    started: list[Generation] = []
    pool = SimpleNamespace(submit=started.append)

    runner.inflight = 31
    runner._fill(pool)  # one slot free of 32: not worth a claim yet
    assert started == [] and statuses(batch) == ["queued"] * 5

    runner.inflight = 30
    runner._fill(pool)
    assert [row.batch_row for row in started] == [1, 2]
    assert statuses(batch) == ["running"] * 2 + ["queued"] * 3


# 32 row threads write at once: the SQLite test database (in memory, shared cache) refuses a
# writer at once while another holds a table ("database table is locked") instead of waiting.
@requires_env("DATABASE_URL")
@pytest.mark.django_db(transaction=True)  # the row threads see the rows the test wrote
def test_the_last_rows_run_when_fewer_are_left_than_a_claim_waits_for(
    product_template, scripts, settings
) -> None:
    settings.BATCH_CONCURRENCY = 32  # claims wait for 2 free slots: 32 rows, then the last one
    batch = new_batch(product_template, rows=33)

    outcome = batch_process(batch_id=batch.pk)

    assert outcome.batch.status == "succeeded"
    assert statuses(batch) == ["succeeded"] * 33
    assert len(scripts.calls) == 33


def test_a_runner_that_stops_gives_back_the_rows_it_claimed_and_did_not_start(
    product_template, scripts
) -> None:
    batch = new_batch(product_template)
    runner = batch_runs._Runner(batch, "mine", concurrency=8, on_progress=None, slice_seconds=0)
    runner._claim(2)

    runner.run()  # its slice is over at once

    assert runner.stop == "lost"  # (it holds no lease)
    assert statuses(batch) == ["queued"] * 3
    assert set(batch.generations.values_list("run_token", flat=True)) == {""}


def test_a_runner_out_of_rows_waits_for_the_others_and_takes_over_a_dead_one_s_rows(
    product_template, scripts, settings
) -> None:
    settings.BATCH_RUNNERS = 2
    batch = new_batch(product_template)
    # Another runner, alive, is running row 3; it dies once this runner has run a row.
    other = BatchRunner.objects.create(
        batch=batch, slot=1, token="other", heartbeat_at=timezone.now()
    )
    batch.generations.filter(batch_row=3).update(status="running", run_token="other")

    def the_other_runner_dies(counts) -> None:
        stale = timezone.now() - timedelta(seconds=settings.BATCH_LEASE_SECONDS + 1)
        BatchRunner.objects.filter(pk=other.pk).update(heartbeat_at=stale)

    outcome = batch_process(batch_id=batch.pk, on_progress=the_other_runner_dies)

    assert outcome.ending == "finished"
    assert outcome.batch.status == "succeeded"
    assert statuses(batch) == ["succeeded"] * 3
    assert len(scripts.calls) == 3  # each row once
    assert not outcome.batch.runners.exists()


def test_the_first_runner_out_leaves_the_batch_s_end_to_the_last(
    product_template, scripts, settings
) -> None:
    settings.BATCH_RUNNERS = 2
    batch = new_batch(product_template)
    other = _acquire_lease(batch.pk, wait=0)
    batch.generations.filter(batch_row=3).update(status="running", run_token=other)
    mine = _acquire_lease(batch.pk, wait=0)
    batch.generations.filter(batch_row__lt=3).update(status="succeeded", run_token=mine)

    first_out = batch_runs._finish(batch, mine)
    batch.generations.filter(batch_row=3).update(status="succeeded")
    last_out = batch_runs._finish(batch, other)

    assert (first_out, last_out) == (False, True)
    batch.refresh_from_db()
    assert batch.status == "succeeded" and not batch.runners.exists()


def test_cancel_during_a_run_stops_the_rows_not_started(product_template, scripts) -> None:
    batch = new_batch(product_template, rows=5)

    def cancel_after_the_first_row(counts) -> None:
        if counts.succeeded == 1 and not counts.cancelled:
            batch_cancel(batch=batch)

    outcome = batch_process(batch_id=batch.pk, on_progress=cancel_after_the_first_row)

    assert outcome.batch.status == "cancelled"
    assert not outcome.batch.runners.exists()
    assert statuses(batch) == ["succeeded"] + ["cancelled"] * 4
    assert len(scripts.calls) == 1


def test_rows_a_runner_holds_unstarted_when_the_batch_is_cancelled_end_cancelled(
    product_template, scripts, monkeypatch
) -> None:
    """A runner has claimed rows (here those a dead runner left running) and not started them
    when the batch is cancelled: the cancel finds them running, not queued, and the runner gives
    them back as it stops. They end cancelled with the batch; given back queued, they stayed
    queued in a cancelled batch that no runner takes any more, and its end was never recorded."""
    batch = new_batch(product_template)
    batch.generations.filter(batch_row__in=[1, 2]).update(status="running", run_token="dead")
    adopt = batch_runs._adopt_orphans

    def cancelled_once_adopted(batch_id: int, token: str) -> list[Generation]:
        adopted = adopt(batch_id, token)
        batch_cancel(batch=batch)
        return adopted

    monkeypatch.setattr(batch_runs, "_adopt_orphans", cancelled_once_adopted)

    outcome = batch_process(batch_id=batch.pk)

    assert statuses(batch) == ["cancelled"] * 3
    assert (outcome.ending, outcome.batch.status) == ("finished", "cancelled")
    assert scripts.calls == []


def test_no_row_is_sent_while_every_provider_s_circuit_is_open(
    product_template, scripts, settings, django_capture_on_commit_callbacks
) -> None:
    batch = new_batch(product_template)
    for _ in range(settings.CIRCUIT_FAILURE_THRESHOLD):
        circuit_record_failure("openai")

    with django_capture_on_commit_callbacks() as continuation:
        outcome = batch_process(batch_id=batch.pk, slice_seconds=0.3)

    assert outcome.ending == "continued"  # held back, then handed to a new task
    assert statuses(batch) == ["queued"] * 3
    assert scripts.calls == []
    assert len(continuation) == 1


def test_while_a_circuit_is_half_open_rows_go_one_at_a_time(
    product_template, scripts, settings
) -> None:
    settings.CIRCUIT_COOLDOWN_SECONDS = 0
    batch = new_batch(product_template)
    for _ in range(settings.CIRCUIT_FAILURE_THRESHOLD):
        circuit_record_failure("openai")
    runner = batch_runs._Runner(batch, "t", concurrency=8, on_progress=None, slice_seconds=1)

    assert runner._dispatch_limit() == 1


def test_rows_not_started_fail_once_the_budget_is_spent(product_template, scripts) -> None:
    batch = new_batch(product_template)
    product_template.workspace.monthly_cost_budget = Decimal("0.001")
    product_template.workspace.save()
    Generation.objects.filter(pk=batch.generations.first().pk).update(cost=Decimal("0.01"))

    outcome = batch_process(batch_id=batch.pk)

    assert outcome.batch.status == "failed"
    assert statuses(batch) == ["failed"] * 3
    assert "Not run: Monthly cost budget reached" in batch.generations.first().error
    assert scripts.calls == []


def test_each_row_holds_its_maximum_against_the_budget_when_it_runs(
    product_template, scripts, settings
) -> None:
    """Rows of one chunk pass the runner's budget check together; each then reserves its maximum
    (about $0.0002 at 100 tokens) when it runs: after five rows of $0.002 there is no room."""
    settings.BATCH_CONCURRENCY = 1
    batch = new_batch(product_template, rows=7)
    product_template.workspace.monthly_cost_budget = Decimal("0.01")
    product_template.workspace.save()

    outcome = batch_process(batch_id=batch.pk)

    assert statuses(batch) == ["succeeded"] * 5 + ["failed"] * 2
    assert outcome.batch.status == "completed"
    assert "Not run: Monthly cost budget" in batch.generations.get(batch_row=6).error
    assert len(scripts.calls) == 5
    first = batch.generations.get(batch_row=1)
    assert first.reserved_cost > 0 and first.cost == Decimal("0.002")


def test_a_batch_whose_rows_all_fail_has_failed(product_template, scripts) -> None:
    scripts["openai"].extend([PermanentProviderError("no", provider="openai")] * 3)
    batch = new_batch(product_template)

    assert batch_process(batch_id=batch.pk).batch.status == "failed"


def test_row_starts_are_paced_when_a_rate_is_set(product_template, scripts, settings) -> None:
    settings.BATCH_MAX_ROWS_PER_SECOND = 20
    batch = new_batch(product_template, rows=5)

    started = time.monotonic()
    batch_process(batch_id=batch.pk)

    assert time.monotonic() - started >= 4 / 20


# SQLite's shared in-memory test database locks whole tables against concurrent writers.
@requires_env("DATABASE_URL")
@pytest.mark.django_db(transaction=True)
def test_rows_run_concurrently_in_threads_each_once(product_template, scripts, settings) -> None:
    settings.BATCH_CONCURRENCY = 4
    batch = new_batch(product_template, rows=12)

    outcome = batch_process(batch_id=batch.pk)

    assert outcome.batch.status == "succeeded"
    assert statuses(batch) == ["succeeded"] * 12
    assert sorted(request.prompt for _, request in scripts.calls) == sorted(
        batch.generations.values_list("rendered_prompt", flat=True)
    )


@requires_env("DATABASE_URL")
@pytest.mark.django_db(transaction=True)
def test_two_runners_at_once_run_each_row_once_and_end_the_batch_once(
    product_template, scripts, settings
) -> None:
    settings.BATCH_RUNNERS, settings.BATCH_CONCURRENCY = 2, 3
    batch = new_batch(product_template, rows=30)
    ended: list[int] = []
    outcomes: list[str] = []

    def on_finished(sender, batch, **kwargs) -> None:
        ended.append(batch.pk)

    def runner() -> None:
        try:
            outcome = batch_process(batch_id=batch.pk)
            outcomes.append(outcome.ending if outcome else "none")
        finally:
            connections.close_all()

    batch_finished.connect(on_finished)
    try:
        threads = [threading.Thread(target=runner) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        batch_finished.disconnect(on_finished)

    assert ended == [batch.pk]
    assert sorted(outcomes) in (["finished", "lost"], ["continued", "finished"])
    assert statuses(batch) == ["succeeded"] * 30
    prompts = [request.prompt for _, request in scripts.calls]
    assert sorted(prompts) == sorted(batch.generations.values_list("rendered_prompt", flat=True))
    assert not batch.runners.exists()


def test_the_task_runs_the_batch(product_template, scripts) -> None:
    batch = new_batch(product_template)

    assert tasks.process_batch.delay(batch.pk).get() == "finished"


def test_the_sweep_enqueues_active_batches_nobody_is_running(
    product_template, scripts, settings
) -> None:
    settings.GENERATION_STALE_AFTER_SECONDS = 60
    long_ago = timezone.now() - timedelta(minutes=5)
    abandoned = new_batch(product_template)
    Batch.objects.filter(pk=abandoned.pk).update(status="running", created_at=long_ago)
    BatchRunner.objects.create(batch=abandoned, slot=0, token="dead", heartbeat_at=long_ago)
    alive = new_batch(product_template)
    Batch.objects.filter(pk=alive.pk).update(status="running", created_at=long_ago)
    BatchRunner.objects.create(batch=alive, slot=0, token="alive", heartbeat_at=timezone.now())
    never_started = new_batch(product_template)
    Batch.objects.filter(pk=never_started.pk).update(created_at=long_ago)

    assert sorted(batches_requeue_stale()) == [abandoned.pk, never_started.pk]


def test_the_generation_sweep_leaves_batch_rows_to_their_runner(
    product_template, scripts, settings
) -> None:
    settings.GENERATION_STALE_AFTER_SECONDS = 60
    batch = new_batch(product_template)
    long_ago = timezone.now() - timedelta(minutes=30)
    Generation.objects.filter(batch=batch, batch_row=1).update(
        status="running", started_at=long_ago
    )
    Generation.objects.filter(batch=batch).update(created_at=long_ago)

    assert generations_requeue_stale() == []
    assert statuses(batch) == ["running", "queued", "queued"]
