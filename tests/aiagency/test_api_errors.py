"""Every /api/ answer, unknown paths and refused methods included, uses the API's error shape."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.test import override_settings

from accounts.models import Role
from aiagency.exceptions import bad_request, page_not_found, server_error

pytestmark = pytest.mark.django_db

NOT_FOUND = {"error": {"code": "not_found", "message": "Not found.", "fields": {}}}


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("path", ["/api/nope/", "/api/templates/1/nope/", "/api/a/b/c/"])
def test_an_unknown_api_path_answers_json_404(client_as, method: str, path: str) -> None:
    response = getattr(client_as(Role.VIEWER), method)(path)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_an_unknown_api_path_answers_json_404_to_anonymous_callers(api_client) -> None:
    assert api_client.get("/api/nope/").json() == NOT_FOUND


@override_settings(DEBUG=True)
def test_an_unknown_api_path_answers_json_404_in_debug_too(api_client) -> None:
    response = api_client.get("/api/nope/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_a_path_without_its_slash_is_still_redirected(api_client) -> None:
    response = api_client.get("/api/templates")

    assert response.status_code == 301
    assert response["Location"] == "/api/templates/"


def test_django_404_handler_answers_json_under_api(rf) -> None:
    response = page_not_found(rf.get("/api/x"), Exception())

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_django_400_and_500_handlers_answer_json_under_api(rf) -> None:
    too_large = bad_request(rf.post("/api/templates/"), RequestDataTooBig("too big"))
    unreadable = bad_request(rf.get("/api/templates/"), SuspiciousOperation("odd"))
    crashed = server_error(rf.get("/api/templates/"))
    elsewhere = server_error(rf.get("/admin/"))

    assert (too_large.status_code, json.loads(too_large.content)["error"]["code"]) == (
        413,
        "request_too_large",
    )
    assert json.loads(unreadable.content)["error"]["code"] == "bad_request"
    assert (crashed.status_code, crashed["Content-Type"]) == (500, "application/json")
    assert elsewhere["Content-Type"].startswith("text/html")


def test_a_refused_method_answers_json_405(client_as) -> None:
    response = client_as(Role.VIEWER).delete("/api/me/")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_pages_outside_the_api_keep_django_404(client) -> None:
    response = client.get("/admin/nope/")

    assert response.status_code in (302, 404)
    assert response["Content-Type"].startswith("text/html")
