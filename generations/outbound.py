"""Outgoing HTTP to addresses that others chose: workspaces' provider base URLs (and, later, webhook
URLs). The server must not be made to call its own network (SSRF).

Checking a URL when it is saved is not enough: its host may resolve elsewhere later (DNS
rebinding), or answer a redirect to another host, which the SDKs' HTTP clients followed. So every
request goes through `GuardedTransport` (or `AsyncGuardedTransport`), which resolves the host,
refuses it when any of its addresses is loopback, private, link-local or otherwise not global, and
then connects to the very address it checked (TLS still verifies the name). Clients built here
never follow redirects. Hosts named in `allowed_hosts` (an operator's own model server on the LAN)
are connected to as they are.

The rules are those of `check_host`, which also serves the check made when a URL is saved.
Plain Python with no Django, like the provider adapters that use it (importing anything under
`aiagency/` starts Django and Celery); the content app's webhooks, above this one, use it too.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Collection
from typing import Any

import anyio.to_thread
import httpx2


class BlockedAddress(Exception):
    """A host that resolves to an address this server must not call."""

    def __init__(self, host: str) -> None:
        super().__init__(
            f"The host {host!r} is on a private or local network; an operator can allow it "
            "with PROVIDER_BASE_URL_ALLOWED_HOSTS."
        )
        self.host = host


class UnresolvableHost(Exception):
    def __init__(self, host: str) -> None:
        super().__init__(f"The host {host!r} cannot be resolved.")
        self.host = host


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])  # without an IPv6 zone (`fe80::1%eth0`)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # `::ffff:127.0.0.1` is 127.0.0.1
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int | None = None) -> list[str]:
    """Every address `host` resolves to (a literal address resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnresolvableHost(host) from error
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def check_host(host: str, *, allowed_hosts: Collection[str], port: int | None = None) -> str | None:
    """The address to connect to for `host`, after checking every address it resolves to; None
    for a host in `allowed_hosts`, connected to by name. Raises `BlockedAddress` or
    `UnresolvableHost`."""
    if host in allowed_hosts:
        return None
    addresses = resolve(host, port)
    if not addresses or not all(is_public(address) for address in addresses):
        raise BlockedAddress(host)
    return addresses[0]


def _pin(request: httpx2.Request, address: str | None) -> None:
    """Send `request` to `address`, the one checked, so that no second lookup can answer
    differently; the Host header and TLS (SNI and certificate) keep the name."""
    if address is None:
        return
    host = request.url.host
    request.url = request.url.copy_with(host=address)
    request.extensions = {**request.extensions, "sni_hostname": host}


class GuardedTransport(httpx2.BaseTransport):
    def __init__(self, *, allowed_hosts: Collection[str] = (), **options: Any) -> None:
        self.allowed_hosts = frozenset(allowed_hosts)
        self._transport = httpx2.HTTPTransport(**options)

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        address = check_host(
            request.url.host, allowed_hosts=self.allowed_hosts, port=request.url.port
        )
        _pin(request, address)
        return self._transport.handle_request(request)

    def close(self) -> None:
        self._transport.close()


class AsyncGuardedTransport(httpx2.AsyncBaseTransport):
    def __init__(self, *, allowed_hosts: Collection[str] = (), **options: Any) -> None:
        self.allowed_hosts = frozenset(allowed_hosts)
        self._transport = httpx2.AsyncHTTPTransport(**options)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        # The lookup blocks: in a worker thread, as asyncio's own getaddrinfo does.
        address = await anyio.to_thread.run_sync(
            lambda: check_host(
                request.url.host, allowed_hosts=self.allowed_hosts, port=request.url.port
            )
        )
        _pin(request, address)
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        await self._transport.aclose()


def client_options(
    *, allowed_hosts: Collection[str] = (), connections: int | None = None
) -> dict[str, Any]:
    """Keyword arguments for an `httpx2.Client` guarded as this module says. `connections`: how
    many calls the client may have open at once, each connection kept alive for the next call.
    httpx's own default is 100, of which it keeps 20: past 20 calls in flight, the connections
    beyond 20 are closed as they come back and opened again (a TLS handshake each, in
    production; see benchmarks/batches.md)."""
    options: dict[str, Any] = {}
    if connections is not None:
        options["limits"] = httpx2.Limits(
            max_connections=connections, max_keepalive_connections=connections
        )
    return {
        "transport": GuardedTransport(allowed_hosts=allowed_hosts, **options),
        "follow_redirects": False,
    }


def async_client_options(*, allowed_hosts: Collection[str] = ()) -> dict[str, Any]:
    return {
        "transport": AsyncGuardedTransport(allowed_hosts=allowed_hosts),
        "follow_redirects": False,
    }
