"""Canary secrets, seeded where real ones live, must never come back out.

Seeded: a workspace's own provider key, an API key (every request of the run carries it), and a
password in the server-wide provider base URL, as an operator might write it. Then every error
path is triggered: the provider refusing the key (and quoting it back), failing with a 500 that
quotes it, answering garbage, a base URL with a password sent to the API, invalid requests,
failed sync, streamed and async generations, a batch of failed rows and its exports. None of the
canaries may appear in any answer, in any process's log, in `/metrics`, in the exports or in the
result backend (Redis).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import httpx

from tests.chaos.load import wait_settled
from tests.chaos.provider import MODEL
from tests.chaos.report import record
from tests.chaos.stack import Account, Stack, chaos_stack, sign_up

PROVIDER_KEY = f"sk-canaryprovider{uuid.uuid4().hex}"
URL_PASSWORD = f"canaryurlpassword{uuid.uuid4().hex}"
METRICS_TOKEN = "local-cluster-metrics-token"  # deploy/cluster.py's default


def answers(stack: Stack, account: Account, workspace_key_account: Account) -> Iterator[str]:
    """Trigger every error path; yield every answer's text."""
    with httpx.Client(base_url=stack.url, headers=account.headers, timeout=60) as http:
        # A base URL carrying a password, sent to the API.
        yield http.post(
            "/api/provider-credentials/",
            json={
                "workspace": account.workspace,
                "provider": "openai",
                "api_key": PROVIDER_KEY,
                "base_url": f"https://user:{URL_PASSWORD}@api.example.com/v1",
            },
        ).text
        # Invalid requests.
        yield http.post("/api/generations/", json={"template": account.template}).text
        yield http.post(
            "/api/generations/",
            json=account.generation("sync", params={"temperature": "hot"}),
        ).text
        yield http.get("/api/generations/999999999/").text
    for who in (account, workspace_key_account):
        with httpx.Client(base_url=stack.url, headers=who.headers, timeout=60) as http:
            for mode in ("unauthorized", "server_error", "garbage"):
                stack.provider.mode = mode
                yield from _generations(http, who)
                yield from _batch(http, who)
            stack.provider.mode = "ok"
            yield http.get("/api/provider-credentials/").text
            yield http.get("/api/me/").text
    yield httpx.get(
        f"{stack.url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=30
    ).text


def _generations(http: httpx.Client, account: Account) -> Iterator[str]:
    ids = []
    for mode in ("sync", "async"):
        response = http.post("/api/generations/", json=account.generation(mode))
        yield response.text
        if response.status_code in (201, 202):
            ids.append(response.json()["id"])
    with http.stream("POST", "/api/generations/stream/", json=account.generation("stream")) as s:
        yield s.read().decode()
    for generation in wait_settled(str(http.base_url), account, ids).values():
        yield str(generation)


def _batch(http: httpx.Client, account: Account) -> Iterator[str]:
    created = http.post(
        "/api/batches/",
        json={
            "template": account.template,
            "provider": "openai_compatible",
            "model": MODEL,
            "rows": [{"topic": "one"}, {"topic": "two"}],
            "cache": False,
        },
    )
    yield created.text
    if created.status_code not in (201, 202):
        return
    batch = created.json()["id"]
    deadline = time.monotonic() + 120
    while http.get(f"/api/batches/{batch}/").json()["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, f"batch {batch} never finished"
        time.sleep(0.5)
    for fmt in ("csv", "jsonl"):
        yield http.get(f"/api/batches/{batch}/results/", params={"format": fmt}).text


def redis_contents(stack: Stack) -> str:
    client = stack.redis.client()
    values = []
    for key in client.scan_iter(count=1000):
        kind = client.type(key)
        if kind == b"string":
            values.append(client.get(key) or b"")
        elif kind == b"list":
            values += client.lrange(key, 0, -1)
        elif kind == b"hash":
            values += [b"%s=%s" % item for item in client.hgetall(key).items()]
        values.append(key)
    return b"\n".join(values).decode(errors="replace")


def test_no_canary_secret_leaks_from_any_error_path() -> None:
    with chaos_stack(
        provider_userinfo=f"chaos:{URL_PASSWORD}",
        environment={"PROVIDER_BASE_URL_ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "INFO"},
    ) as stack:
        server_key = sign_up(stack.url)
        own_key = sign_up(stack.url)
        saved = httpx.post(
            f"{stack.url}/api/provider-credentials/",
            headers=own_key.headers,
            json={
                "workspace": own_key.workspace,
                "provider": "openai_compatible",
                "api_key": PROVIDER_KEY,
                "base_url": stack.provider.base_url,
            },
            timeout=30,
        )
        assert saved.status_code == 201, saved.text
        texts = list(answers(stack, server_key, own_key))
        places = {
            "answers": "\n".join(texts),
            "logs": stack.logs(),
            "result backend": redis_contents(stack),
        }
        reached_provider = stack.provider.seen_authorization

    canaries = {
        "provider key": PROVIDER_KEY,
        "API key": server_key.key,
        "API key (own-key workspace)": own_key.key,
        "base URL password": URL_PASSWORD,
    }
    leaks = {
        f"{name} in {place}": text.count(secret)
        for name, secret in canaries.items()
        for place, text in places.items()
        if secret in text
    }
    record(
        "Canary secrets",
        {
            "answers_checked": len(texts),
            "log_bytes_checked": len(places["logs"]),
            "leaks": leaks or "none",
        },
        threshold="no canary (provider key, API key, base URL password) in answers, logs, "
        "/metrics, exports or the result backend",
    )
    # The run is only meaningful if the secrets were in use.
    assert f"Bearer {PROVIDER_KEY}" in reached_provider
    assert not leaks, leaks
