"""Log lines are JSON with the request id, the user and the workspace; generation events keep
their fields."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject
from pythonjsonlogger.json import JsonFormatter

from accounts.models import Role
from aiagency.logging import RequestIdFilter, bind_log_context, request_var
from analytics.selectors import reports
from tests.conftest import client_for
from tests.factories import MembershipFactory
from tests.generations.conftest import catalogue, make_template  # noqa: F401 - a fixture


@pytest.fixture
def lines() -> Iterator[Callable[[], list[dict]]]:
    """Reads, parsed, the JSON lines the configured console handler would have written so far."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    json_settings = dict(settings.LOGGING["formatters"]["json"])
    json_settings.pop("()")
    handler.setFormatter(JsonFormatter(**json_settings))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_a_line_names_request_user_and_workspace(db, lines, monkeypatch) -> None:
    membership = MembershipFactory(role=Role.VIEWER)
    summary = reports.analytics_summary

    def logged_summary(**kwargs: object) -> dict:
        logging.getLogger("analytics").info("summary asked")
        return summary(**kwargs)

    monkeypatch.setattr(reports, "analytics_summary", logged_summary)
    response = client_for(membership.user).get(
        "/api/analytics/summary/",
        {"workspace": membership.workspace_id},
        HTTP_X_REQUEST_ID="req-42",
    )
    assert response.status_code == 200
    logging.getLogger("analytics").info("after the request")

    inside, after = lines()[-2:]
    assert inside["message"] == "summary asked"
    assert inside["level"] == "INFO" and inside["logger"] == "analytics"
    assert inside["request_id"] == "req-42" == response["X-Request-ID"]
    assert inside["user_id"] == membership.user_id
    assert inside["workspace_id"] == membership.workspace_id
    assert inside["timestamp"].endswith("+00:00") and "T" in inside["timestamp"]
    assert "time" in inside
    # The context ends with the request.
    assert (after["request_id"], after["user_id"], after["workspace_id"]) == ("-", None, None)


def test_django_s_line_for_a_refused_request_names_it(db, lines) -> None:
    membership = MembershipFactory(role=Role.VIEWER)

    response = client_for(membership.user).get("/api/templates/999999/", HTTP_X_REQUEST_ID="r-404")

    assert response.status_code == 404
    [refused] = [line for line in lines() if line["logger"] == "django.request"]
    assert refused["request_id"] == "r-404"
    assert refused["user_id"] == membership.user_id


def record(message: str = "hello", **extra: object) -> logging.LogRecord:
    log_record = logging.LogRecord("test", logging.INFO, __file__, 1, message, None, None)
    for name, value in extra.items():
        setattr(log_record, name, value)
    RequestIdFilter().filter(log_record)
    return log_record


def test_an_api_key_implies_its_workspace() -> None:
    request = RequestFactory().get("/")
    request.user = SimpleNamespace(pk=7, is_authenticated=True)
    request.auth = SimpleNamespace(workspace_id=3)  # as DRF leaves it on the Django request
    token = request_var.set(request)
    try:
        log_record = record()
    finally:
        request_var.reset(token)
    assert (log_record.user_id, log_record.workspace_id) == (7, 3)


@pytest.mark.parametrize(("remote_addr", "logged"), [("203.0.113.5", "203.0.113.5"), ("", None)])
def test_a_line_names_the_client_address_or_none(remote_addr: str, logged: str | None) -> None:
    token = request_var.set(RequestFactory().get("/", REMOTE_ADDR=remote_addr))
    try:
        log_record = record()
    finally:
        request_var.reset(token)
    assert log_record.client_address == logged  # never "", which the log index's IP type refuses


def test_a_lazy_user_is_not_loaded_by_logging() -> None:
    loaded = []
    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(lambda: loaded.append(1) or AnonymousUser())
    token = request_var.set(request)
    try:
        log_record = record()
    finally:
        request_var.reset(token)
    assert log_record.user_id is None and loaded == []


def test_fields_passed_with_the_event_win_over_the_context() -> None:
    bind_log_context(workspace_id=5, user_id=1)
    try:
        log_record = record(workspace_id=9, user_id=3)
    finally:
        bind_log_context(workspace_id=None, user_id=None)
    assert (log_record.workspace_id, log_record.user_id) == (9, 3)


@pytest.mark.usefixtures("catalogue")
def test_the_generation_event_keeps_its_fields(db, lines) -> None:
    membership = MembershipFactory(role=Role.EDITOR)
    template = make_template(membership.workspace)

    response = client_for(membership.user).post(
        "/api/generations/", {"template": template.pk, "variables": {"topic": "tea"}}
    )
    assert response.status_code == 201

    event = next(line for line in lines() if line["message"] == "generation finished")
    generation = response.json()
    assert event["generation_id"] == generation["id"]
    assert event["template_id"] == template.pk
    assert event["workspace_id"] == membership.workspace_id
    assert event["user_id"] == membership.user_id
    assert event["request_id"] == response["X-Request-ID"]
    assert (event["status"], event["provider"], event["model"]) == (
        "succeeded", "local", generation["model"],
    )  # fmt: skip
    for name in ("latency_ms", "input_tokens", "output_tokens", "cache_hit"):
        assert event[name] == generation[name], name
    assert event["cost"] == generation["cost"]
    assert event["logger"] == "generations" and event["level"] == "INFO"
