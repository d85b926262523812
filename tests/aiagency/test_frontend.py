from __future__ import annotations

from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path

from aiagency import frontend


def _api_view(request):
    return HttpResponse("api")


urlpatterns = [
    path("api/ping/", _api_view),
    path("healthz", _api_view),
    *frontend.urlpatterns,
]


@pytest.fixture
def dist(tmp_path: Path, settings) -> Path:
    settings.FRONTEND_DIST_DIR = tmp_path
    (tmp_path / "index.html").write_text("<!doctype html><div id=root></div>")
    return tmp_path


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("url", ["/", "/templates/12", "/history/5/", "/settings?tab=members"])
def test_client_routes_get_the_app(dist: Path, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 200
    assert b"<div id=root>" in response.content
    assert response["Cache-Control"] == "no-cache"


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    "url", ["/api/nope/", "/admin/x", "/static/x.js", "/media/a.csv", "/metrics", "/readyz/"]
)
def test_reserved_paths_are_not_swallowed(dist: Path, url: str) -> None:
    assert Client().get(url).status_code == 404


@override_settings(ROOT_URLCONF=__name__)
def test_reserved_views_still_answer(dist: Path) -> None:
    assert Client().get("/api/ping/").content == b"api"
    assert Client().get("/healthz").content == b"api"


@override_settings(ROOT_URLCONF=__name__)
def test_missing_build_explains_what_to_run(tmp_path: Path, settings) -> None:
    settings.FRONTEND_DIST_DIR = tmp_path / "missing"
    response = Client().get("/")
    assert response.status_code == 503
    assert b"make frontend" in response.content


@override_settings(ROOT_URLCONF=__name__)
def test_only_safe_methods(dist: Path) -> None:
    assert Client().post("/templates").status_code == 405
