"""`/metrics`: who may scrape it, what it shows after generations, and the multiprocess setups
(several gunicorn workers; Celery pool processes served on a worker port)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from prometheus_client import REGISTRY

from accounts.models import Role
from analytics import worker_metrics
from deploy.cluster import free_port
from generations.models import Generation
from tests.generations.conftest import catalogue, make_template  # noqa: F401 - a fixture

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "s3cret-scrape-token"


@pytest.fixture
def protected(settings) -> None:
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8", "192.0.2.7"]


# --- who may scrape -------------------------------------------------------------------------------
@pytest.mark.django_db
def test_nobody_may_scrape_without_configuration(client: Client) -> None:
    response = client.get("/metrics")
    assert response.status_code == 403
    assert b"METRICS_TOKEN" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 403),  # anonymous, from 127.0.0.1
        ({"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}, 200),
        ({"HTTP_AUTHORIZATION": f"bearer {TOKEN}"}, 200),
        ({"HTTP_AUTHORIZATION": "Bearer wrong"}, 403),
        ({"HTTP_AUTHORIZATION": f"Basic {TOKEN}"}, 403),
        ({"REMOTE_ADDR": "10.20.30.40"}, 200),
        ({"REMOTE_ADDR": "192.0.2.7"}, 200),
        ({"REMOTE_ADDR": "192.0.2.8"}, 403),
        # A forwarded address is whatever the client wrote: not trusted.
        ({"HTTP_X_FORWARDED_FOR": "10.0.0.1"}, 403),
    ],
)
def test_token_or_allowed_address(client: Client, protected: None, headers, status) -> None:
    assert client.get("/metrics", **headers).status_code == status


# --- what it shows --------------------------------------------------------------------------------
def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.mark.django_db
@pytest.mark.usefixtures("catalogue", "protected")
def test_a_generation_is_counted(workspace, client_as, client) -> None:
    template = make_template(workspace)
    before = {
        "total": sample("generations_total", status="succeeded", provider="local"),
        "input": sample("generation_tokens_total", provider="local", direction="input"),
        "timed": sample("generation_duration_seconds_count", provider="local"),
    }
    response = client_as(Role.EDITOR).post(
        "/api/generations/", {"template": template.pk, "variables": {"topic": "tea"}}
    )
    assert response.status_code == 201
    tokens = response.json()["input_tokens"]

    assert sample("generations_total", status="succeeded", provider="local") == before["total"] + 1
    assert (
        sample("generation_tokens_total", provider="local", direction="input")
        == before["input"] + tokens
    )
    assert sample("generation_duration_seconds_count", provider="local") == before["timed"] + 1
    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    assert 'generations_total{provider="local",status="succeeded"}' in text
    # django-prometheus: requests by method, and (its PostgreSQL backend) database queries.
    assert 'django_http_requests_total_by_method_total{method="POST"}' in text
    if connection.vendor == "postgresql":
        assert 'django_db_execute_total{alias="default",vendor="postgresql"}' in text


@pytest.mark.django_db
@pytest.mark.usefixtures("catalogue", "protected")
def test_the_queue_gauges_are_read_at_scrape_time(workspace, client_as, client) -> None:
    template = make_template(workspace)
    client_as(Role.EDITOR).post(
        "/api/generations/",
        {"template": template.pk, "variables": {"topic": "tea"}, "mode": "async"},
    )
    Generation.objects.update(status=Generation.Status.QUEUED)  # no worker has taken it yet

    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()

    assert "generation_queue_depth 1.0" in text
    assert 'provider_circuit_open{provider="openai"} 0.0' in text


# --- several processes ----------------------------------------------------------------------------
WRITER = """
import sys
from generations.metrics import record_generation
record_generation(status="succeeded", provider="openai", seconds=1.5, input_tokens=10,
                  output_tokens=5, cost=0.25, cache_hit=False)
"""


def write_from_another_process(directory: Path) -> None:
    """What a gunicorn worker or a Celery pool process does: meter one generation, then exit."""
    environment = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    environment["DJANGO_SETTINGS_MODULE"] = "aiagency.settings"
    subprocess.run([sys.executable, "-c", WRITER], cwd=ROOT, env=environment, check=True)


@pytest.mark.django_db
def test_metrics_of_every_process_are_merged(tmp_path, monkeypatch, protected, client) -> None:
    write_from_another_process(tmp_path)
    write_from_another_process(tmp_path)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))

    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()

    assert 'generations_total{provider="openai",status="succeeded"} 2.0' in text
    assert 'generation_cost_usd_total{provider="openai"} 0.5' in text


def test_a_celery_worker_serves_its_pool_processes_metrics(tmp_path, monkeypatch, settings) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    (tmp_path / "counter_999999.db").write_bytes(b"left by a previous run")
    settings.CELERY_METRICS_PORT = port = free_port()
    settings.CELERY_METRICS_ADDR = "127.0.0.1"

    worker_metrics.on_worker_init()  # the worker's main process, before its pool starts
    try:
        assert not (tmp_path / "counter_999999.db").exists()
        write_from_another_process(tmp_path)  # a pool process runs a generation
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as answer:
            text = answer.read().decode()
    finally:
        worker_metrics._servers.pop().shutdown()

    assert 'generations_total{provider="openai",status="succeeded"} 1.0' in text


def test_gunicorn_hooks(tmp_path, monkeypatch) -> None:
    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf", ROOT / "aiagency/gunicorn.conf.py"
    )
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    directory = tmp_path / "prometheus"
    directory.mkdir()
    (directory / "counter_1.db").write_bytes(b"stale")
    (directory / "gauge_livesum_4242.db").write_bytes(b"")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(directory))

    conf.child_exit(None, SimpleNamespace(pid=4242))
    assert not (directory / "gauge_livesum_4242.db").exists()  # a dead worker's live gauges go
    conf.on_starting(None)
    assert directory.is_dir() and not list(directory.iterdir())
    assert conf.wsgi_app == "aiagency.wsgi:application"
