"""Limits that must hold across processes: three API processes behind nginx share one rate limit
and one workspace budget.

- 600 requests at a limit of 60 a minute admit at most 60 per minute window;
- a workspace budget of $1 under 200 concurrent generations over the three processes spends at
  most $1.05 (each generation costs $0.02: overshoot is bounded by one request's reservation).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import httpx

from tests.chaos.load import generations_of, wait_settled
from tests.chaos.provider import MODEL
from tests.chaos.report import record
from tests.chaos.stack import Account, chaos_stack, manage, sign_up
from tests.hardening.load import wait_for_a_fresh_window

LIMIT_PER_MINUTE = 60
BURST = 600
BUDGET = Decimal("1.00")
CONCURRENT_GENERATIONS = 200
# The chaos provider answers 20 one-token chunks: at $1,000 per million output tokens and no
# input price, a generation costs exactly $0.02.
PRICE = "from generations.models import ModelPrice; ModelPrice.objects.update_or_create(" \
    f"provider='openai_compatible', model='{MODEL}', defaults=dict(" \
    "input_price_per_mtok=0, output_price_per_mtok=1000))"  # fmt: skip


def at_once(
    count: int, send: Callable[[httpx.Client], list[int]], url: str, headers: dict[str, str]
) -> Counter[int]:
    """`send` run by `count` threads released together, each on its own connection; every
    status code it saw (0 for no answer)."""
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    gate = threading.Barrier(count)

    def one() -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=120) as http:
            gate.wait()
            try:
                seen = send(http)
            except httpx.HTTPError:
                seen = [0]
        with lock:
            statuses.update(seen)

    threads = [threading.Thread(target=one, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def reads(count: int) -> Callable[[httpx.Client], list[int]]:
    return lambda http: [http.get("/api/templates/").status_code for _ in range(count)]


def generation(account: Account) -> Callable[[httpx.Client], list[int]]:
    def send(http: httpx.Client) -> list[int]:
        response = http.post(
            "/api/generations/",
            json=account.generation("sync", params={"max_tokens": 20}),
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )
        return [response.status_code]

    return send


def spent(url: str, account: Account) -> tuple[Decimal, Counter[str]]:
    rows = generations_of(url, account).values()
    return sum((Decimal(row["cost"] or 0) for row in rows), Decimal(0)), Counter(
        row["status"] for row in rows
    )


def test_three_processes_share_one_rate_limit() -> None:
    environment = {"API_RATE_LIMIT_PER_MINUTE": str(LIMIT_PER_MINUTE)}
    with chaos_stack(api_processes=3, api_workers=1, environment=environment) as stack:
        account = sign_up(stack.url)
        wait_for_a_fresh_window(margin=40)
        first_window = int(time.time() // 60)
        statuses = at_once(50, reads(BURST // 50), stack.url, account.headers)
        windows = int(time.time() // 60) - first_window + 1

    figures = {"statuses": dict(statuses), "admitted": statuses[200], "windows_spanned": windows}
    record(
        "Rate limit over 3 API processes",
        figures,
        threshold=f"at most {LIMIT_PER_MINUTE} of {BURST} requests admitted per minute window, "
        "the others 429, no 5xx",
    )
    assert statuses[200] <= LIMIT_PER_MINUTE * windows, figures
    assert set(statuses) <= {200, 429}, figures


def test_three_processes_share_one_budget() -> None:
    with chaos_stack(api_processes=3, api_workers=1) as stack:
        manage(stack, PRICE)
        account = sign_up(stack.url)
        httpx.patch(
            f"{stack.url}/api/workspaces/{account.workspace}/",
            json={"monthly_cost_budget": str(BUDGET)},
            headers=account.headers,
            timeout=30,
        ).raise_for_status()
        statuses = at_once(CONCURRENT_GENERATIONS, generation(account), stack.url, account.headers)
        wait_settled(stack.url, account, generations_of(stack.url, account))
        total, outcomes = spent(stack.url, account)

    figures = {"statuses": dict(statuses), "generations": dict(outcomes), "spent_usd": str(total)}
    record(
        "Budget over 3 API processes",
        figures,
        threshold=f"a ${BUDGET} budget under {CONCURRENT_GENERATIONS} concurrent generations "
        "spends at most $1.05, no 5xx",
    )
    assert total <= Decimal("1.05"), figures
    assert total >= BUDGET - Decimal("0.10"), figures  # the budget was used, not refused early
    assert set(statuses) <= {201, 429}, figures
