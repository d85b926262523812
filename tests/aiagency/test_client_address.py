"""The client's address: a forwarded header is believed only from a trusted proxy."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from django.test import RequestFactory

from aiagency.client_address import client_address

ROOT = Path(__file__).resolve().parents[2]


def address_of(**meta: str) -> str:
    return client_address(RequestFactory().get("/", **meta))


def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(settings) -> None:
    settings.TRUSTED_PROXIES = []

    assert address_of(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="10.0.0.1") == (
        "198.51.100.9"
    )


@pytest.mark.parametrize(
    ("forwarded", "client"),
    [
        ("203.0.113.5", "203.0.113.5"),
        # What the client wrote sits left of what our proxies appended: ignored.
        ("1.2.3.4, 203.0.113.5", "203.0.113.5"),
        ("1.2.3.4, 203.0.113.5, 10.1.2.3", "203.0.113.5"),  # two proxies of ours
        ("10.9.9.9, 10.1.2.3", "10.9.9.9"),  # only our own addresses: the first
        ("", "10.0.0.2"),  # a proxy that sent nothing: the proxy itself
    ],
)
def test_behind_a_trusted_proxy_the_first_untrusted_hop_from_the_right(
    settings, forwarded: str, client: str
) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    assert address_of(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded) == client


def test_the_anonymous_limit_cannot_be_dodged_by_rotating_forwarded_for(
    api_client, settings, db
) -> None:
    settings.API_RATE_LIMIT_ANON_PER_MINUTE = 3

    statuses = [
        api_client.post(
            "/api/auth/logout/", {"refresh": "x"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}"
        ).status_code
        for number in range(5)
    ]

    assert statuses[3:] == [429, 429]


def test_metrics_allow_list_sees_the_client_behind_a_trusted_proxy(client, settings, db) -> None:
    settings.METRICS_ALLOWED_IPS = ["192.0.2.7"]
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    through_proxy = client.get("/metrics", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.7")
    spoofed = client.get(
        "/metrics", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.7, 198.51.100.1"
    )
    direct_spoof = client.get(
        "/metrics", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="192.0.2.7"
    )

    assert [through_proxy.status_code, spoofed.status_code, direct_spoof.status_code] == [
        200,
        403,
        403,
    ]


def test_gunicorn_trusts_the_same_proxies_as_the_app(monkeypatch) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8,192.0.2.1")
    config = runpy.run_path(str(ROOT / "aiagency" / "gunicorn.conf.py"))
    entrypoint = (ROOT / "docker" / "entrypoint.sh").read_text()

    assert config["forwarded_allow_ips"] == "10.0.0.0/8,192.0.2.1"
    assert "--forwarded-allow-ips" not in entrypoint  # a flag would override the file's value


def test_gunicorn_trusts_no_proxy_by_default(monkeypatch) -> None:
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)

    assert runpy.run_path(str(ROOT / "aiagency" / "gunicorn.conf.py"))["forwarded_allow_ips"] == ""


def test_gunicorn_opens_no_control_socket_shared_by_every_master_of_the_machine() -> None:
    assert runpy.run_path(str(ROOT / "aiagency" / "gunicorn.conf.py"))["control_socket_disable"]
