"""The client's address, the one thing every per-address decision uses (rate limits, sign-in
delays, `/metrics`'s allow-list, logs).

A forwarded header is anyone's to write, so it is believed only from a proxy of our own: when the
direct peer is in `TRUSTED_PROXIES`, `X-Forwarded-For` is read from its right end (what our proxies
appended) and the first address that is not one of them is the client's; any other peer is the
client itself, whatever it sends. gunicorn reads the same setting (`aiagency/gunicorn.conf.py`),
for the forwarded scheme.
"""

from __future__ import annotations

from functools import cache
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from django.conf import settings
from django.http import HttpRequest


@cache
def _networks(trusted: tuple[str, ...]) -> tuple[IPv4Network | IPv6Network, ...]:
    return tuple(ip_network(value) for value in trusted)


def is_trusted_proxy(address: str) -> bool:
    try:
        parsed = ip_address(address.strip())
    except ValueError:
        return False
    return any(parsed in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(peer):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted_proxy(hop):
            return hop
    return hops[0] if hops else peer
