"""A base URL's credentials (`user:password@`) appear in no log line and no answer (adversarial
test, November 2026: httpx logged them at INFO and the credentials list showed them)."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator

import pytest

from accounts.models import Role
from aiagency.redaction import redact_url_credentials
from generations.models import ProviderCredential
from generations.providers.openai_compatible import OpenAICompatibleProvider
from tests.generations.providers.cases import OPENAI_ANSWER
from tests.generations.providers.conftest import make_request
from tests.generations.providers.fake_server import LOOPBACK, FakeResponse, running_server

CANARY = "canary-s3cret"


@pytest.fixture
def console_output() -> Iterator[Callable[[], str]]:
    """What the configured console handler writes, from every logger, at every level it lets
    through."""
    console = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(console.formatter)
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream.getvalue
    root.removeHandler(handler)


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("GET https://user:pw@host/v1 ok", "GET https://***@host/v1 ok"),
        ("http://token@10.0.0.1:8080/x", "http://***@10.0.0.1:8080/x"),
        ("mail ada@example.com at https://host/a@b", "mail ada@example.com at https://host/a@b"),
    ],
)
def test_url_credentials_are_redacted(text: str, redacted: str) -> None:
    assert redact_url_credentials(text) == redacted


def test_log_lines_never_carry_url_credentials(console_output) -> None:
    logging.getLogger("aiagency.test").warning(
        "calling %s", f"https://admin:{CANARY}@models.example/v1"
    )

    assert CANARY not in console_output()
    assert "https://***@models.example/v1" in console_output()


def test_a_provider_call_logs_no_url_credentials(console_output) -> None:
    for server in running_server():
        server.respond(FakeResponse(body=OPENAI_ANSWER))
        base_url = server.url.replace("://", f"://user:{CANARY}@") + "/v1"
        provider = OpenAICompatibleProvider(base_url=base_url, allowed_hosts=LOOPBACK)

        provider.generate(make_request())

    assert CANARY not in console_output()


def test_http_client_loggers_are_lowered_to_warning() -> None:
    for name in ("httpx", "httpx2", "httpcore", "httpcore2"):
        assert logging.getLogger(name).getEffectiveLevel() == logging.WARNING


@pytest.mark.django_db
def test_a_base_url_with_credentials_is_refused(client_as, workspace) -> None:
    response = client_as(Role.ADMIN).post(
        "/api/provider-credentials/",
        {
            "workspace": workspace.pk,
            "provider": "openai",
            "api_key": "k-1",
            "base_url": f"https://user:{CANARY}@api.openai.com/v1",
        },
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["base_url"]
    assert CANARY not in response.content.decode()


@pytest.mark.django_db
def test_a_stored_base_url_with_credentials_is_shown_redacted(client_as, workspace) -> None:
    ProviderCredential.objects.create(
        workspace=workspace,
        provider="openai_compatible",
        base_url=f"http://user:{CANARY}@models.example/v1",
    )

    response = client_as(Role.VIEWER).get("/api/provider-credentials/")

    assert response.status_code == 200
    assert response.json()["results"][0]["base_url"] == "http://***@models.example/v1"
