"""Each role, and a stranger (the owner of another workspace), against each content action."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from content.models import ContentItem
from content.services.transitions import item_transition
from generations.models import Generation
from tests.conftest import client_for
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

CALLERS = ("viewer", "editor", "reviewer", "admin", "owner", "stranger")
OK, FORBIDDEN, MISSING, INVALID = 200, 403, 404, 400

# action: (status the item must be in, method, path, body, answers per caller)
MATRIX: dict[str, tuple[list[str], str, str, dict, tuple[int, ...]]] = {
    "retrieve": ([], "get", "", {}, (OK, OK, OK, OK, OK, MISSING)),
    "edit": ([], "patch", "", {"body": "New.", "base_revision": 1}, (403, OK, OK, OK, OK, 404)),
    "comment": ([], "post", "comments/", {"body": "Hm."}, (403, 201, 201, 201, 201, 404)),
    "revisions": ([], "get", "revisions/", {}, (OK, OK, OK, OK, OK, MISSING)),
    "submit": ([], "post", "submit/", {}, (FORBIDDEN, OK, OK, OK, OK, MISSING)),
    "approve": (["submit"], "post", "approve/", {}, (403, 403, OK, OK, OK, 404)),
    "request-changes": (
        ["submit"],
        "post",
        "request-changes/",
        {"comment": "Shorter."},
        (403, 403, OK, OK, OK, 404),
    ),
    "publish": (["submit", "approve"], "post", "publish/", {}, (403, 403, OK, OK, OK, 404)),
    "archive": ([], "post", "archive/", {}, (FORBIDDEN, OK, OK, OK, OK, MISSING)),
    "reopen": (["archive"], "post", "reopen/", {}, (403, 403, 403, OK, OK, 404)),
}


@pytest.fixture
def clients(member: Callable) -> dict[str, APIClient]:
    made = {role: client_for(member(role)) for role in CALLERS if role != "stranger"}
    made["stranger"] = client_for(MembershipFactory(role=Role.OWNER).user)
    return made


@pytest.mark.parametrize("action", list(MATRIX))
def test_role_matrix(action: str, clients, member, make_item, workspace) -> None:
    moves, method, path, body, answers = MATRIX[action]
    writer, reviewer = member(Role.EDITOR), member(Role.REVIEWER)
    got = {}
    for caller in CALLERS:
        item = make_item(user=writer)
        for move in moves:
            item = item_transition(
                item=item, user=writer if move == "submit" else reviewer, action=move
            )
        response = getattr(clients[caller], method)(
            f"/api/content/{item.pk}/{path}", body, format="json"
        )
        got[caller] = response.status_code
    assert got == dict(zip(CALLERS, answers, strict=True))


def test_role_matrix_of_creation(clients, workspace) -> None:
    got = {
        caller: clients[caller]
        .post("/api/content/", {"workspace": workspace.pk, "body": "# Hi"}, format="json")
        .status_code
        for caller in CALLERS
    }
    # A stranger is told the workspace does not exist, as for any unknown id.
    assert got == dict(zip(CALLERS, (403, 201, 201, 201, 201, INVALID), strict=True))


def test_role_matrix_of_save_as_content(clients, make_batch) -> None:
    got = {}
    for caller in CALLERS:
        batch = make_batch([Generation.Status.SUCCEEDED])
        got[caller] = clients[caller].post(f"/api/batches/{batch.pk}/save-as-content/").status_code
    assert got == dict(zip(CALLERS, (403, 201, 201, 201, 201, MISSING), strict=True))
    assert ContentItem.objects.count() == 4
