"""The Elasticsearch index template (docker/elk/index-template.json) maps every field the app
logs with a type that accepts its values. The fields are read from real lines: the app serves
requests and runs generations here, its configured JSON formatter writes the lines, and each
line is checked; a field the app starts logging without a mapping fails this test."""

from __future__ import annotations

import io
import ipaddress
import json
import logging
from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import kombu.exceptions
import pytest
from django.conf import settings
from django.db import OperationalError
from django.utils.module_loading import import_string

from accounts.models import Role
from aiagency.logging import RequestIdFilter
from deploy import validate
from generations import tasks
from generations.models import Generation
from generations.providers import PermanentProviderError
from tests.conftest import client_for
from tests.factories import MembershipFactory
from tests.generations.conftest import catalogue, make_template, result, scripts  # noqa: F401 - fixtures

TEXT_TYPES = {"keyword", "constant_keyword", "wildcard", "text", "match_only_text"}
INTEGER_TYPES = {"byte", "short", "integer", "long", "unsigned_long"}
NUMBER_TYPES = INTEGER_TYPES | {"half_float", "float", "double", "scaled_float"}


def mapping_fields() -> dict[str, dict[str, Any]]:
    return validate.mapped_fields(validate.index_template()["template"]["mappings"]["properties"])


def _number(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def _is_date(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def accepts(field_type: str, value: object) -> bool:
    """Whether Elasticsearch indexes `value` into a field of `field_type` without rejecting the
    document or silently changing the value (a float into a long would be truncated)."""
    if value is None:
        return True
    if isinstance(value, list):
        return all(accepts(field_type, item) for item in value)
    if isinstance(value, dict):
        return field_type in {"object", "flattened", "nested"}
    if isinstance(value, bool):
        return field_type == "boolean"
    if isinstance(value, int):
        return field_type in NUMBER_TYPES | {"keyword"}
    if isinstance(value, float):
        return field_type in NUMBER_TYPES - INTEGER_TYPES
    if not isinstance(value, str):
        return False
    if field_type in TEXT_TYPES:
        return True
    if field_type == "date":
        return _is_date(value)
    if field_type == "ip":
        return _is_ip(value)
    if field_type == "boolean":
        return value in {"true", "false"}
    number = _number(value)
    if number is None or not number.is_finite():
        return False
    return field_type in NUMBER_TYPES - INTEGER_TYPES or number == number.to_integral_value()


def mapping_problems(lines: list[dict[str, Any]]) -> list[str]:
    fields = mapping_fields()
    problems = []
    for line in lines:
        for name, value in line.items():
            mapping = fields.get(name)
            if mapping is None:
                problems.append(f"{name!r} (from {line.get('message')!r}) is not mapped")
            elif not accepts(mapping.get("type", "object"), value):
                problems.append(f"{name!r} is a {mapping.get('type')}, the app wrote {value!r}")
    return sorted(set(problems))


def test_accepts_knows_what_elasticsearch_refuses() -> None:
    assert accepts("long", 12) and accepts("keyword", 12) and not accepts("long", 1.5)
    assert accepts("scaled_float", "0.000125") and not accepts("scaled_float", "cheap")
    assert accepts("long", "12") and not accepts("long", "1.5")
    assert accepts("date", "2026-11-26T14:35:03.123+00:00") and not accepts("date", "yesterday")
    assert accepts("boolean", True) and not accepts("keyword", True)
    assert not accepts("object", "text") and accepts("keyword", ["a", 1])
    assert mapping_problems([{"level": "INFO", "unheard_of": 1}]) == [
        "'unheard_of' (from None) is not mapped"
    ]


# --- real lines ----------------------------------------------------------------------------------
@pytest.fixture
def app_lines() -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """The lines the configured console handler writes, parsed: the formatter and filter that
    settings.LOGGING names, on the root logger."""
    formatter_settings = dict(settings.LOGGING["formatters"]["json"])
    formatter_class = import_string(formatter_settings.pop("()"))
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter_class(**formatter_settings))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(previous_level)


@pytest.mark.django_db
@pytest.mark.usefixtures("catalogue")
def test_every_field_the_app_logs_is_mapped_with_a_compatible_type(
    app_lines,
    workspace,
    scripts,  # noqa: F811 - the fixture
    monkeypatch,
    django_capture_on_commit_callbacks,
) -> None:
    client = client_for(MembershipFactory(workspace=workspace, role=Role.EDITOR).user)
    template = make_template(workspace)

    def generate(topic: str = "tea", **overrides: object) -> int:
        body = {"template": template.pk, "variables": {"topic": topic}, **overrides}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/api/generations/", body, HTTP_X_REQUEST_ID="map-1").status_code

    # Generations: local, a hosted provider with a price (cost), a failure, one through the task.
    assert generate(provider="local", model="local-draft") == 201
    scripts["openai"].append(result(model="gpt-test"))
    assert generate(provider="openai", model="gpt-test") == 201
    scripts["openai"].append(PermanentProviderError("refused", provider="openai"))
    generate("coffee", provider="openai", model="gpt-test")
    assert generate("mate", provider="local", model="local-draft", mode="async") == 202
    # Django's request log: a 404 and a 400.
    assert client.get("/api/templates/999999/").status_code == 404
    assert client.post("/api/generations/", {"template": "x"}).status_code == 400

    # The broker down (task and arguments logged), then the database (an exception logged).
    def broker_down(*args: object) -> None:
        raise kombu.exceptions.OperationalError("[Errno 111] Connection refused")

    monkeypatch.setattr(tasks.run_generation, "delay", broker_down)
    assert generate("cocoa", provider="local", model="local-draft", mode="async") == 202

    def unreachable(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(Generation, "save", unreachable)
    assert generate("rooibos", provider="local", model="local-draft") == 503

    lines = app_lines()
    messages = {line["message"] for line in lines}
    for expected in ("generation finished", "task not sent to the broker", "database unavailable"):
        assert any(message.startswith(expected) for message in messages), (expected, messages)
    logged = {name for line in lines for name in line}
    # What the dashboards read is among what the app really wrote.
    assert {"timestamp", "level", "logger", "request_id", "user_id", "workspace_id"} <= logged
    assert {"generation_id", "provider", "status", "latency_ms", "cost", "exc_info"} <= logged
    assert {"status_code", "task_args", "data"} <= logged
    assert {line.get("status") for line in lines} >= {"succeeded", "failed"}
    assert mapping_problems(lines) == []


def test_the_ids_and_measures_have_the_types_the_dashboards_need() -> None:
    fields = mapping_fields()
    types = {name: fields[name]["type"] for name in fields}
    assert types["timestamp"] == types["@timestamp"] == "date"
    for name in ("level", "logger", "request_id", "provider", "status"):
        assert types[name] == "keyword", name
    for name in ("user_id", "workspace_id", "generation_id"):
        assert types[name] in INTEGER_TYPES | {"keyword"}, name
    assert types["latency_ms"] in {"float", "double", "scaled_float"}
    assert types["cost"] in {"scaled_float", "double"}
