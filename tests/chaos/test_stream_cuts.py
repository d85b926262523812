"""1,000 streams that the provider cuts before the end (half with a connection reset, half with
a clean close and no finish): every one must end with an SSE `error` event and a `failed`
generation, none reported succeeded, and the tokens billed must be within 2 % of what the
provider produced (its prompts read and the chunks it sent before the cut)."""

from __future__ import annotations

import os
import threading
from collections import Counter

import httpx

from tests.chaos.load import Sample, one_request, wait_settled
from tests.chaos.report import record
from tests.chaos.stack import Account, chaos_stack, sign_up

STREAMS = int(os.environ.get("CHAOS_CUT_STREAMS", 1000))
CLIENTS = 16


def run_streams(url: str, account: Account, count: int) -> list[Sample]:
    samples: list[Sample] = []
    lock = threading.Lock()
    left = iter(range(count))

    def client() -> None:
        with httpx.Client(base_url=url, headers=account.headers, timeout=60) as http:
            while True:
                with lock:
                    if next(left, None) is None:
                        return
                sample = one_request(http, account, "stream")
                with lock:
                    samples.append(sample)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def test_every_cut_stream_fails_visibly_and_is_billed_for_what_was_produced() -> None:
    with chaos_stack() as stack:
        account = sign_up(stack.url)
        samples: list[Sample] = []
        for mode in ("reset", "truncated"):
            stack.provider.mode = mode
            samples += run_streams(stack.url, account, STREAMS // 2)
        ids = [sample.generation for sample in samples if sample.generation]
        settled = wait_settled(stack.url, account, ids)
        produced = stack.provider.input_tokens + stack.provider.output_tokens

    billed = sum(
        (row["input_tokens"] or 0) + (row["output_tokens"] or 0) for row in settled.values()
    )
    last_events = Counter(sample.events[-1] if sample.events else "none" for sample in samples)
    statuses = Counter(row["status"] for row in settled.values())
    figures = {
        "streams": len(samples),
        "http_statuses": dict(Counter(sample.status for sample in samples)),
        "last_event": dict(last_events),
        "generations": dict(statuses),
        "tokens_produced_by_the_provider": produced,
        "tokens_billed": billed,
        "billing_error_pct": round(100 * abs(billed - produced) / produced, 2)
        if produced
        else None,
    }
    record(
        "Provider streams cut mid-way",
        figures,
        threshold="every stream ends with an SSE error event and a failed generation, none "
        "succeeded, tokens billed within 2 % of the provider's count",
    )
    assert len(samples) == STREAMS, figures
    assert last_events == Counter({"error": STREAMS}), figures
    assert statuses == Counter({"failed": STREAMS}), figures
    assert abs(billed - produced) <= 0.02 * produced, figures
