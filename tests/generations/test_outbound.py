"""No provider call reaches this server's own network (SSRF, adversarial test of November 2026):
redirects are not followed, and every connection's resolved address is checked when it is made,
not only when a base URL is saved (DNS rebinding). Fake providers on loopback; the resolver is
mocked, so no name is looked up for real."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx2
import pytest

from accounts.models import Role
from generations import outbound
from generations.providers import PermanentProviderError, build_provider
from generations.services import credentials
from generations.services.credentials import (
    _shared_provider,
    credential_save,
    provider_for,
    workspace_credentials,
)
from tests.factories import MembershipFactory
from tests.generations.providers.cases import CASES, ProviderCase
from tests.generations.providers.conftest import make_request
from tests.generations.providers.fake_server import FakeResponse, FakeServer, running_server

REAL_GETADDRINFO = socket.getaddrinfo


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    yield from running_server()


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Names mapped to the address they resolve to now; any other name resolves as usual."""
    names: dict[str, str] = {}

    def getaddrinfo(host: str, port: object, *args: object, **kwargs: object) -> list:
        if host in names:
            family = socket.AF_INET6 if ":" in names[host] else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (names[host], port or 0))]
        return REAL_GETADDRINFO(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names


def redirect_to(fake_server: FakeServer, target: str) -> None:
    fake_server.respond(FakeResponse(status=307, headers={"Location": target}))


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("call", ["generate", "stream"])
def test_a_redirect_is_not_followed(fake_server: FakeServer, case: ProviderCase, call: str) -> None:
    redirect_to(fake_server, f"{fake_server.url}/stolen")
    provider = case.build(fake_server.url)
    calls: dict[str, Callable[[], object]] = {
        "generate": lambda: provider.generate(make_request()),
        "stream": lambda: list(provider.stream(make_request())),
    }

    with pytest.raises(PermanentProviderError, match="redirect") as caught:
        calls[call]()

    assert caught.value.status_code == 307
    assert [request.path for request in fake_server.requests] == [
        case.stream_path if call == "stream" else case.path
    ]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_name_resolving_to_a_private_address_is_refused_when_connecting(
    fake_server: FakeServer, resolver: dict[str, str], case: ProviderCase
) -> None:
    resolver["models.example"] = "10.20.30.40"
    name = fake_server.url.replace("127.0.0.1", "models.example")
    provider = build_provider(case.name, api_key="k", base_url=case.build(name).base_url)

    with pytest.raises(PermanentProviderError, match="private or local network"):
        provider.generate(make_request())

    assert fake_server.requests == []


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "169.254.169.254", "::1", "::ffff:127.0.0.1", "fd00::1", "0.0.0.0"]
)
def test_every_non_public_address_is_refused(resolver: dict[str, str], address: str) -> None:
    resolver["models.example"] = address

    with pytest.raises(outbound.BlockedAddress):
        outbound.check_host("models.example", allowed_hosts=())


def test_the_checked_address_is_the_one_connected_to(
    fake_server: FakeServer, resolver: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Loopback counts as public here, so that the pinned connection can reach the fake server.
    monkeypatch.setattr(outbound, "is_public", lambda address: True)
    resolver["models.example"] = "127.0.0.1"
    url = fake_server.url.replace("127.0.0.1", "models.example")
    fake_server.respond(FakeResponse(body={"ok": True}))

    with httpx2.Client(**outbound.client_options()) as client:
        response = client.post(f"{url}/anything")
        # The name resolves elsewhere now: the next connection is checked again.
        resolver["models.example"] = "10.0.0.1"
        monkeypatch.setattr(outbound, "is_public", lambda address: address != "10.0.0.1")
        with pytest.raises(outbound.BlockedAddress):
            client.post(f"{url}/anything")

    assert response.json() == {"ok": True}
    assert fake_server.requests[0].headers["host"] == url.removeprefix("http://")
    assert len(fake_server.requests) == 1


def test_the_async_client_google_s_sdk_builds_is_guarded_too(
    fake_server: FakeServer, resolver: dict[str, str]
) -> None:
    resolver["models.example"] = "10.20.30.40"
    url = fake_server.url.replace("127.0.0.1", "models.example")

    async def post() -> None:
        async with httpx2.AsyncClient(**outbound.async_client_options()) as client:
            await client.post(f"{url}/anything")

    with pytest.raises(outbound.BlockedAddress):
        asyncio.run(post())

    assert fake_server.requests == []


@pytest.mark.django_db
def test_a_saved_base_url_that_rebinds_to_a_private_address_is_refused(
    fake_server: FakeServer, resolver: dict[str, str], workspace
) -> None:
    resolver["rebind.example"] = "93.184.216.34"  # public when saved
    base_url = fake_server.url.replace("127.0.0.1", "rebind.example") + "/v1"
    user = MembershipFactory(workspace=workspace, role=Role.ADMIN).user
    credential_save(
        workspace=workspace, user=user, provider="openai_compatible", api_key="", base_url=base_url
    )
    resolver["rebind.example"] = "127.0.0.1"  # loopback when called
    workspace.refresh_from_db()
    provider = provider_for(
        provider="openai_compatible", credentials=workspace_credentials(workspace=workspace)
    )

    with pytest.raises(PermanentProviderError, match="private or local network"):
        provider.generate(make_request())

    assert fake_server.requests == []


@pytest.mark.django_db
def test_the_operators_own_base_url_may_be_on_the_private_network(
    fake_server: FakeServer, settings
) -> None:
    settings.AI_PROVIDERS = {
        **settings.AI_PROVIDERS,
        "openai_compatible": {"api_key": "", "base_url": f"{fake_server.url}/v1"},
    }
    fake_server.respond(CASES[1].answer)

    result = provider_for(provider="openai_compatible").generate(make_request())

    assert result.text


@pytest.mark.parametrize("connections", [None, 30])
def test_a_client_keeps_a_connection_alive_for_each_call_it_was_sized_for(
    fake_server: FakeServer, connections: int | None
) -> None:
    """httpx keeps 20 connections alive by default: past 20 calls at once, the others are
    closed as they come back, and opened again for the next calls. A client sized for 30
    keeps them (the server may still close one now and then)."""
    fake_server.respond(FakeResponse(body={"ok": True}, delay=2))  # long enough to overlap
    options = outbound.client_options(allowed_hosts={"127.0.0.1"}, connections=connections)

    with httpx2.Client(**options, timeout=90) as client, ThreadPoolExecutor(30) as calls:
        answers = list(calls.map(lambda _: client.post(f"{fake_server.url}/x"), range(30)))
        alive = len(client._transport._transport._pool.connections)

    assert all(answer.json() == {"ok": True} for answer in answers)
    assert alive > 20 if connections else alive <= 20


def test_an_adapter_keeps_a_connection_alive_for_each_row_a_batch_runner_has_in_flight(
    settings,
) -> None:
    settings.BATCH_CONCURRENCY = 256
    _shared_provider.cache_clear()
    try:
        sized = provider_for(provider="openai")
        settings.BATCH_CONCURRENCY = 16
        _shared_provider.cache_clear()
        default = provider_for(provider="openai")
    finally:
        _shared_provider.cache_clear()

    assert (sized.connections, default.connections) == (256, 100)


def test_threads_asking_for_a_new_adapter_at_once_share_one(monkeypatch) -> None:
    """A batch's first rows start together: they must not each build a client (and open
    connections) of their own."""
    built: list[str] = []
    first_build_started, let_it_finish = threading.Event(), threading.Event()

    def slow_build(provider: str, **options: object) -> object:
        built.append(provider)
        first_build_started.set()
        let_it_finish.wait(timeout=30)
        return object()

    monkeypatch.setattr(credentials, "build_provider", slow_build)
    _shared_provider.cache_clear()
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = [pool.submit(provider_for, provider="openai") for _ in range(8)]
            assert first_build_started.wait(timeout=30)
            let_it_finish.set()
            adapters = {id(answer.result(timeout=30)) for answer in answers}
    finally:
        _shared_provider.cache_clear()

    assert (built, len(adapters)) == (["openai"], 1)
