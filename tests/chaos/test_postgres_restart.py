"""PostgreSQL restarted (fast shutdown: every connection cut) under a mixed load: the API answers
503 while it is away, never another 5xx, is back within 30 s without any process being
restarted, never meets "too many clients", and every generation ends."""

from __future__ import annotations

import time

from tests.chaos.load import MixedLoad, server_processes, summary, wait_settled
from tests.chaos.report import record
from tests.chaos.stack import chaos_stack, sign_up

WARM_UP = 10.0
AFTER = 40.0
RECOVERY_BOUND = 30.0


def test_the_api_recovers_from_a_postgres_restart_on_its_own() -> None:
    with chaos_stack(api_processes=2, api_workers=2) as stack:
        account = sign_up(stack.url)
        cluster = stack.cluster
        roots = {name: process.pid for name, process in cluster.processes.items()}
        children = {name: sorted(server_processes(pid)) for name, pid in roots.items()}
        with MixedLoad(stack.url, account, clients=20, think=0.2) as load:
            time.sleep(WARM_UP)  # load phases of fixed length, not waits for a state
            stack.postgres.restart()
            restarted_at = time.monotonic()
            time.sleep(AFTER)
        samples = load.taken()
        alive = {name: process.poll() is None for name, process in cluster.processes.items()}
        children_after = {name: sorted(server_processes(pid)) for name, pid in roots.items()}
        settled = wait_settled(stack.url, account, {s.generation for s in samples if s.generation})
        logs = stack.logs()

    failing = [s for s in samples if s.status == 0 or s.status >= 500]
    late_failures = [s.sent_at - restarted_at for s in failing if s.sent_at > restarted_at]
    recovery = max(late_failures, default=0.0)
    figures = summary(samples)
    figures.update(
        unavailable_503=sum(1 for s in samples if s.status == 503),
        other_5xx=sum(1 for s in samples if s.status >= 500 and s.status != 503),
        recovered_within_s=round(recovery, 1),
        too_many_clients=logs.count("too many clients"),
        processes_restarted=[name for name in roots if children[name] != children_after[name]],
        generations=len(settled),
    )
    record(
        "PostgreSQL restarted under load",
        figures,
        threshold="recovery within 30 s, no process restarted, 0 'too many clients', "
        "only 503 while it is away, every generation ends",
    )
    assert figures["other_5xx"] == 0, figures
    assert figures["no_answer"] == 0, [(s.kind, s.error) for s in failing if s.status == 0]
    assert recovery < RECOVERY_BOUND, figures
    assert all(alive.values()), alive
    assert not figures["processes_restarted"], figures
    assert figures["too_many_clients"] == 0, figures
