"""Load with faults on a real server: the invariants, never the speed (see `benchmarks/`).

Eight concurrent callers mix reads, sync and async generations (a fixed number of requests, so a
slow machine meets as many faults as a fast one) against a fake
provider failing 30 % of calls (429, 500, timeouts; `tests/hardening/load.py`). No answer may be a
server error, every generation must end succeeded or failed with its attempts recorded, and the
faults must have been met and retried. A second server with a low per-key limit takes a burst
over its limit: exactly the limit is served, the rest answered 429 with `Retry-After`.
"""

from __future__ import annotations

import pytest

from tests.conftest import requires_env
from tests.hardening import load
from tests.hardening.live_server import live_server

pytestmark = [pytest.mark.integration, requires_env("DATABASE_URL", "REDIS_URL")]

REQUESTS = 200
RATE_LIMIT = 20
OVER_THE_LIMIT = 10


def test_under_provider_faults_the_api_never_fails_and_every_generation_ends() -> None:
    with load.server_under_faults(seed=9) as (server, provider):
        # `seconds` only bounds a hung run; the count decides when it ends.
        result = load.run_load(server, workers=8, max_requests=REQUESTS, seconds=600, seed=9)
        generations = load.settled_generations(server, result.generation_ids(), timeout=300)

    statuses = result.statuses()
    assert not {code for code in statuses if code >= 500 or code == 0}, result.summary()
    # The harness lifts the API's own limits for this server: every request is served.
    unexpected = [s for s in result.samples if s.status not in (200, 201, 202)]
    assert not unexpected, unexpected[:5]
    kinds = result.by_kind()
    assert all(kinds.get(kind) for kind in load.KINDS), result.summary()

    assert generations, "no generation was created"
    for generation in generations.values():
        assert generation["status"] in load.FINAL_STATUSES, generation
        assert generation["attempts"], generation
        if generation["status"] == "failed":
            assert generation["error"], generation
            assert all(attempt["error"] for attempt in generation["attempts"]), generation
        else:
            assert generation["attempts"][-1]["error"] == "", generation

    # The faults happened and were retried: some generation needed more than one attempt and
    # still succeeded; no generation made more attempts than the retries allow.
    attempts = [g["attempts"] for g in generations.values()]
    assert any(len(a) > 1 and not a[-1]["error"] for a in attempts), "no retried success"
    assert max(len(a) for a in attempts) <= 3
    assert provider.served["ok"] and sum(provider.served.values()) > provider.served["ok"]
    assert {"rate_limited", "server_error", "timeout"} <= provider.served.keys(), provider.served


def test_the_rate_limit_holds_exactly_under_a_concurrent_burst() -> None:
    with live_server("load_ratelimit_test", API_RATE_LIMIT_PER_MINUTE=str(RATE_LIMIT)) as server:
        for attempt in range(2):
            # Start with over 10 s left in the window; should the burst still straddle a
            # boundary, try once more at the start of the next window (a fresh counter).
            load.wait_for_a_fresh_window(margin=10 if attempt == 0 else 60)
            responses, first_window, last_window = load.burst(
                server, server.api_key, RATE_LIMIT + OVER_THE_LIMIT
            )
            if first_window == last_window:
                break
        else:
            pytest.fail("both bursts straddled a rate-limit window boundary")

    codes = sorted(response.status_code for response in responses)
    assert codes == [200] * RATE_LIMIT + [429] * OVER_THE_LIMIT, codes
    for response in responses:
        if response.status_code == 429:
            assert 1 <= int(response.headers["Retry-After"]) <= 60
