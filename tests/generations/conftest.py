"""Fixtures for generation tests: a template to generate from, the model catalogue, and
scripted providers that answer (or fail) as each test says, with no network at all."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest

from accounts.models import Workspace
from generations.models import ModelPrice
from generations.providers import (
    GenerationRequest,
    GenerationResult,
    Provider,
    ProviderError,
    StreamEnd,
    StreamEvent,
    TextDelta,
)
from generations.services import manager
from templates_app.models import Template, TemplateVersion
from templates_app.services.schema import clean_variables

TOPIC_SCHEMA = [{"name": "topic", "type": "string", "required": True, "max_length": 100}]


def make_template(workspace: Workspace, *, defaults: dict | None = None) -> Template:
    template = Template.objects.create(workspace=workspace, name="Blog post", slug="blog-post")
    version = TemplateVersion.objects.create(
        template=template,
        number=1,
        body="Write a short blog post about {{ topic }}.",
        system_prompt="You are a careful copywriter.",
        variables=clean_variables(TOPIC_SCHEMA),
        defaults=defaults or {},
    )
    template.current_version = version
    template.save(update_fields=["current_version"])
    return template


def with_versions(template: Template, *, last: int) -> Template:
    """The template, edited until its current version is `last` ("Version n about {{ topic }}.")."""
    from templates_app.services.versions import template_update

    for number in range(template.current_version.number, last):
        template_update(
            template=template,
            user=None,
            base_version=number,
            data={"body": f"Version {number + 1} about {{{{ topic }}}}."},
        )
    return Template.objects.get(pk=template.pk)


@pytest.fixture
def template(workspace: Workspace) -> Template:
    return make_template(workspace)


@pytest.fixture
def catalogue(db: None) -> None:
    ModelPrice.objects.create(
        provider="local",
        model="local-draft",
        input_price_per_mtok=Decimal(0),
        output_price_per_mtok=Decimal(0),
    )
    ModelPrice.objects.create(
        provider="openai",
        model="gpt-test",
        input_price_per_mtok=Decimal("1.00"),
        output_price_per_mtok=Decimal("2.00"),
    )
    ModelPrice.objects.create(
        provider="anthropic",
        model="claude-test",
        input_price_per_mtok=Decimal("3.00"),
        output_price_per_mtok=Decimal("15.00"),
    )


def result(text: str = "A fine answer.", *, model: str = "m") -> GenerationResult:
    return GenerationResult(
        text=text, finish_reason="stop", input_tokens=1000, output_tokens=500, model=model
    )


@dataclass(frozen=True)
class BrokenStream:
    """A scripted stream that sends `text` word by word, then fails with `error`."""

    text: str
    error: ProviderError


class ScriptedProvider(Provider):
    """Answers each call with the next scripted outcome: a result, or an error to raise."""

    name = "scripted"
    label = "Scripted"
    requires_api_key = False

    def __init__(self, script: deque, calls: list[tuple[str, GenerationRequest]], name: str):
        super().__init__()
        self.script, self.calls, self.provider_name = script, calls, name

    def _next(self, request: GenerationRequest) -> GenerationResult | BrokenStream:
        self.calls.append((self.provider_name, request))
        outcome = self.script.popleft() if self.script else result()
        if isinstance(outcome, ProviderError):
            raise outcome
        return outcome

    def generate(self, request: GenerationRequest) -> GenerationResult:
        answer = self._next(request)
        if isinstance(answer, BrokenStream):
            raise answer.error
        return answer

    def stream(self, request: GenerationRequest) -> Iterator[StreamEvent]:
        answer = self._next(request)
        for word in answer.text.split(" "):
            yield TextDelta(word + " ")
        if isinstance(answer, BrokenStream):
            raise answer.error
        yield StreamEnd(answer)


class Scripts:
    """`scripts["openai"].append(outcome)` scripts a provider; `calls` records every call."""

    def __init__(self) -> None:
        self.by_provider: dict[str, deque] = defaultdict(deque)
        self.calls: list[tuple[str, GenerationRequest]] = []

    def __getitem__(self, provider: str) -> deque:
        return self.by_provider[provider]

    def provider_for(self, *, provider: str, credentials: object = None) -> Provider:
        return ScriptedProvider(self.by_provider[provider], self.calls, provider)


@pytest.fixture
def scripts(monkeypatch: pytest.MonkeyPatch, settings) -> Scripts:
    """Hosted providers count as configured (a server key is set) and answer from scripts."""
    settings.AI_PROVIDERS = {
        name: {**config, "api_key": config["api_key"] or f"{name}-test-key"}
        for name, config in settings.AI_PROVIDERS.items()
    }
    scripted = Scripts()
    monkeypatch.setattr(manager, "provider_for", scripted.provider_for)
    return scripted


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Backoff waits are recorded instead of slept."""
    waited: list[float] = []
    monkeypatch.setattr(manager, "sleep", waited.append)
    return waited


# --- batches --------------------------------------------------------------------------------------
PRODUCT_SCHEMA = [
    {"name": "product", "type": "string", "required": True, "max_length": 20},
    {"name": "words", "type": "integer", "required": False, "default": 50},
    {"name": "tone", "type": "choice", "required": False, "choices": ["warm", "dry"]},
]


def make_product_template(workspace: Workspace) -> Template:
    """A template with typed variables, so rows can be wrong in each way a row can be."""
    template = Template.objects.create(workspace=workspace, name="Product blurb", slug="blurb")
    version = TemplateVersion.objects.create(
        template=template,
        number=1,
        body="Describe {{ product }} in {{ words }} words{% if tone %}, {{ tone }}{% endif %}.",
        variables=clean_variables(PRODUCT_SCHEMA),
        defaults={"provider": "openai", "model": "gpt-test", "params": {"max_tokens": 100}},
    )
    template.current_version = version
    template.save(update_fields=["current_version"])
    return template


@pytest.fixture
def product_template(workspace: Workspace, catalogue: None) -> Template:
    return make_product_template(workspace)


@pytest.fixture(autouse=True)
def _batch_rows_in_the_test_thread(settings, tmp_path) -> None:
    # Row threads would open their own database connections, which cannot see the rows a test
    # wrote inside its transaction; one row at a time runs in the calling thread instead.
    settings.BATCH_CONCURRENCY = 1
    # A finished batch exports its results: into the test's own folder, not the project's.
    settings.MEDIA_ROOT = tmp_path / "media"
