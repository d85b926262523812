"""Template bombs: every render runs in a worker process with a memory limit and a deadline, so a
bomb answers 400 `render_limit` and costs a worker, never the serving process (issue 17, item 1).

Payloads from the adversarial test: each one grew a gunicorn worker to gigabytes, or spun for a
minute, before rendering moved to workers. The deadline is `RENDER_TIMEOUT_SECONDS`; these tests
assert what happened, not how long it took.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.models import Role, Workspace
from templates_app.errors import RenderError, RenderLimitExceeded
from templates_app.models import Template
from templates_app.services import render_pool
from templates_app.services.rendering import render, render_each, start_rendering
from tests.conftest import wait_until
from tests.factories import TemplateFactory

BOMBS = {
    "doubling a string": (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}"
    ),
    "a list extending itself": (
        "{% set l = [1] %}{% for i in range(60) %}{% set _ = l.extend(l) %}{% endfor %}"
    ),
    "a join with a huge separator": "{{ range(10000)|join('x' * 100000) }}",
    "a named format width": "{{ '%(a)999999999s' % {'a': 1} }}",
    "a star format width": "{{ '%*d' % (999999999, 1) }}",
    "a loop of sorts": (
        "{% set big = range(10000)|list %}{% for i in range(10000) %}{% for j in range(10000) %}"
        "{% set _ = big|sort(reverse=true) %}{% endfor %}{% endfor %}"
    ),
    "a multiplication chain": "{% set s = 'x' * 100000 %}{{ (s * 2) * 2 ~ ((s * 2) * 2) * 1 }}"
    "{% set t = [s * 2] * 1000 %}{{ t|join|length }}",
    "a filter building text": "{{ ('x' * 100000)|wordwrap(1, true, 'y' * 100000) }}",
    "recursion through a macro": ("{% macro f(n) %}{{ f(n ~ n) }}{% endmacro %}{{ f('x') }}"),
}
MAX_GROWTH_BYTES = 100 * 1024 * 1024


def _resident_bytes() -> int:
    """This process's resident memory now (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


def _peak_resident_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux


def _worker_pids() -> set[int]:
    """This process's render workers, from /proc (Linux)."""
    pids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:  # ended meanwhile
            continue
        if int(fields[1]) == os.getpid() and b"render_worker" in cmdline:
            pids.add(int(stat.parent.name))
    return pids


def _ended(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"  # ended, not yet collected


@pytest.fixture(autouse=True)
def _fresh_pool() -> Iterator[None]:
    render_pool.close_pool()
    yield
    render_pool.close_pool()


@pytest.fixture
def preview(client_as: Callable[[str], APIClient], workspace: Workspace) -> Callable[[str], dict]:
    client = client_as(Role.VIEWER)  # a viewer may preview

    def post(body: str) -> dict:
        # Saved before saves rendered templates (a save refuses these bodies now).
        template = TemplateFactory(
            workspace=workspace, content={"body": "-", "variables": []}, unchecked_body=body
        )
        response = client.post(f"/api/templates/{template.pk}/preview/", {"variables": {}})
        return {"status": response.status_code, **response.json()}

    return post


@pytest.mark.django_db
@pytest.mark.parametrize("body", BOMBS.values(), ids=BOMBS.keys())
def test_a_bomb_in_a_preview_answers_render_limit_and_the_server_stays_small(
    preview: Callable[[str], dict], body: str
) -> None:
    preview("{{ 'warm up' }}")  # the worker started, the view's code loaded
    resident, peak = _resident_bytes(), _peak_resident_bytes()

    answer = preview(body)

    assert answer["status"] == 400, answer
    assert answer["error"]["code"] == "render_limit"
    assert list(answer["error"]["fields"]) == ["body"]
    assert _resident_bytes() - resident < MAX_GROWTH_BYTES
    assert _peak_resident_bytes() - peak < MAX_GROWTH_BYTES


def test_a_bomb_names_the_limit_it_hit(settings) -> None:
    settings.RENDER_TIMEOUT_SECONDS = 0.5  # a loop of sorts never reaches the memory limit
    with pytest.raises(RenderLimitExceeded, match=r"longer than 0\.5 s"):
        render(BOMBS["a loop of sorts"], {})
    settings.RENDER_TIMEOUT_SECONDS = 600  # so that the memory limit comes first, however slow
    with pytest.raises(RenderLimitExceeded, match="more memory than the 256 MB"):
        render(BOMBS["a list extending itself"], {})


def test_a_render_after_a_worker_was_killed_for_a_limit_works() -> None:
    assert render("{{ 1 + 1 }}", {}) == "2"
    (first,) = _worker_pids()
    with pytest.raises(RenderLimitExceeded):
        render(BOMBS["doubling a string"], {})
    assert render("{{ name }}", {"name": "ada"}) == "ada"
    assert first not in _worker_pids()


def test_a_render_after_a_worker_died_while_idle_works() -> None:
    assert render("{{ 1 + 1 }}", {}) == "2"
    (pid,) = _worker_pids()
    os.kill(pid, signal.SIGKILL)  # the OOM killer, an operator
    wait_until(lambda: _ended(pid))
    assert render("{{ name }}", {"name": "ada"}) == "ada"  # not blamed on the template
    assert pid not in _worker_pids()


def test_threads_render_at_once_each_getting_its_own_answer(settings) -> None:
    settings.RENDER_WORKERS = 2
    results: dict[int, list[str]] = {}

    def render_many(number: int) -> None:
        results[number] = [render("{{ n }}-{{ i }}", {"n": number, "i": i}) for i in range(20)]

    threads = [threading.Thread(target=render_many, args=(number,)) for number in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert results == {n: [f"{n}-{i}" for i in range(20)] for n in range(6)}
    assert len(_worker_pids()) <= 2


def test_a_bomb_in_one_thread_does_not_fail_the_others(settings) -> None:
    settings.RENDER_WORKERS = 2
    outcomes: list[str] = []

    def attack() -> None:
        try:
            render(BOMBS["a loop of sorts"], {})
        except RenderLimitExceeded:
            outcomes.append("refused")

    attacker = threading.Thread(target=attack)
    attacker.start()
    texts = [render("{{ i }}", {"i": i}) for i in range(50)]
    attacker.join(timeout=120)
    assert texts == [str(i) for i in range(50)]
    assert outcomes == ["refused"]


def test_closing_the_pool_leaves_no_worker_behind() -> None:
    render("x", {})
    (pid,) = _worker_pids()
    render_pool.close_pool()
    assert _ended(pid)


def test_a_worker_sees_no_secrets_and_loads_no_django(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-canary")
    render("x", {})
    (pid,) = _worker_pids()
    assert b"sk-canary" not in Path(f"/proc/{pid}/environ").read_bytes()
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, templates_app.services.render_worker; print('django' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert loaded.stdout.strip() == "False"


@pytest.mark.django_db
def test_a_bomb_in_a_generation_answers_render_limit(
    client_as: Callable[[str], APIClient], workspace: Workspace
) -> None:
    template = TemplateFactory(
        workspace=workspace,
        content={"body": "-", "variables": []},
        unchecked_body=BOMBS["a join with a huge separator"],
    )
    response = client_as(Role.EDITOR).post(
        "/api/generations/", {"template": template.pk, "variables": {}}, format="json"
    )
    assert response.status_code == 400, response.json()
    assert response.json()["error"]["code"] == "render_limit"


@pytest.mark.django_db
def test_a_bomb_in_batch_rows_answers_render_limit(
    client_as: Callable[[str], APIClient], workspace: Workspace
) -> None:
    template = TemplateFactory(
        workspace=workspace,
        content={"body": "-", "variables": [{"name": "n", "type": "integer"}]},
        unchecked_body="{% set l = [n] %}{% for i in range(60) %}{% set _ = l.extend(l) %}"
        "{% endfor %}",
    )
    rows = [{"n": number} for number in range(50)]
    response = client_as(Role.EDITOR).post(
        "/api/batches/", {"template": template.pk, "rows": rows}, format="json"
    )
    assert response.status_code == 400, response.json()
    assert response.json()["error"]["code"] == "render_limit"
    assert response.json()["error"]["message"].startswith("Row 1: ")


@pytest.mark.django_db
def test_a_bomb_in_an_import_is_reported_and_not_saved(
    client_as: Callable[[str], APIClient], workspace: Workspace
) -> None:
    record = {"slug": "bomb", "name": "Bomb", "body": BOMBS["doubling a string"]}
    upload = SimpleUploadedFile("bomb.json", json.dumps([record]).encode())
    response = client_as(Role.EDITOR).post(
        "/api/templates/import/", {"workspace": workspace.pk, "file": [upload]}, format="multipart"
    )
    report = response.json()
    assert (report["created"], report["failed"]) == (0, 1), report
    assert report["errors"][0]["message"].startswith("body: The template ")
    assert not Template.objects.filter(slug="bomb").exists()


def test_render_errors_are_still_render_errors() -> None:
    with pytest.raises(RenderError) as caught:
        render("{{ 1 / 0 }}", {})
    assert not isinstance(caught.value, RenderLimitExceeded)


CONTEXT = {"tone": "calm", "topic": "tea"}


def _requests_sent(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """The requests this process sends to its render workers, as they are sent."""
    sent: list[dict] = []
    send = render_pool.send_message

    def counting(channel, message: dict) -> None:
        sent.append(message)
        send(channel, message)

    monkeypatch.setattr(render_pool, "send_message", counting)
    return sent


def test_a_system_prompt_and_a_body_render_in_one_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    render("warm up", {})
    sent = _requests_sent(monkeypatch)

    texts = render_each({"system_prompt": "Be {{ tone }}.", "body": "About {{ topic }}."}, CONTEXT)

    assert texts == {"system_prompt": "Be calm.", "body": "About tea."}
    assert len(sent) == 1


@pytest.mark.parametrize("failing", ["system_prompt", "body"])
def test_the_source_that_fails_is_named_and_the_worker_stays_in_step(failing: str) -> None:
    sources = {"system_prompt": "Be {{ tone }}.", "body": "About {{ topic }}."}
    render("warm up", {})
    (pid,) = _worker_pids()

    with pytest.raises(RenderError) as caught:
        render_each({**sources, failing: "{{ 1 / 0 }}"}, CONTEXT)

    assert list(caught.value.errors) == [failing]
    assert not isinstance(caught.value, RenderLimitExceeded)
    # The same worker answers the next request with its own answers, not the first one's.
    assert render_each(sources, CONTEXT) == {"system_prompt": "Be calm.", "body": "About tea."}
    assert _worker_pids() == {pid}


@pytest.mark.parametrize("failing", ["system_prompt", "body"])
def test_a_limit_hit_by_either_source_names_it(settings, failing: str) -> None:
    sources = {"system_prompt": "Be {{ tone }}.", "body": "About {{ topic }}."}
    settings.RENDER_TIMEOUT_SECONDS = 0.5  # each source's own deadline
    with pytest.raises(RenderLimitExceeded, match=r"longer than 0\.5 s") as slow:
        render_each({**sources, failing: BOMBS["a loop of sorts"]}, CONTEXT)
    settings.RENDER_TIMEOUT_SECONDS = 600  # so that the memory limit comes first, however slow
    with pytest.raises(RenderLimitExceeded, match="more memory than the 256 MB") as large:
        render_each({**sources, failing: BOMBS["a list extending itself"]}, CONTEXT)

    assert list(slow.value.errors) == list(large.value.errors) == [failing]
    assert render_each(sources, CONTEXT)["body"] == "About tea."


def test_a_warmed_up_process_renders_on_the_worker_it_started() -> None:
    """The warm-up step (aiagency/warmup.py) starts a worker; the first render then uses it."""
    render_pool.close_pool()

    start_rendering()
    (started,) = _worker_pids()
    render("x", {})

    assert _worker_pids() == {started}
