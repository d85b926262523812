"""Ratings are per user: each member rates a generation once and may change it; the generation
shows the average and the count."""

from __future__ import annotations

import pytest

from accounts.models import Role
from generations.models import Generation, GenerationRating
from tests.conftest import client_for
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def generation(client_as, template, catalogue) -> dict:
    return (
        client_as(Role.EDITOR)
        .post("/api/generations/", {"template": template.pk, "variables": {"topic": "tea"}})
        .json()
    )


def rate(client, generation: dict, rating: int, feedback: str = ""):
    return client.post(
        f"/api/generations/{generation['id']}/feedback/", {"rating": rating, "feedback": feedback}
    )


def test_an_editor_s_rating_does_not_replace_the_owner_s(workspace, generation) -> None:
    owner = client_for(MembershipFactory(workspace=workspace, role=Role.OWNER).user)
    editor = client_for(MembershipFactory(workspace=workspace, role=Role.EDITOR).user)
    rate(owner, generation, 5, "Lovely")

    answer = rate(editor, generation, 2, "Too long").json()
    owner_view = owner.get(f"/api/generations/{generation['id']}/").json()

    assert (answer["rating_average"], answer["rating_count"]) == (3.5, 2)
    assert answer["my_rating"] == {"rating": 2, "feedback": "Too long"}
    assert owner_view["my_rating"] == {"rating": 5, "feedback": "Lovely"}
    assert "rating" not in owner_view and "feedback" not in owner_view


def test_an_author_changes_their_own_rating(workspace, generation) -> None:
    editor = client_for(MembershipFactory(workspace=workspace, role=Role.EDITOR).user)
    rate(editor, generation, 1)

    answer = rate(editor, generation, 4, "Better on a second read").json()

    assert (answer["rating_average"], answer["rating_count"]) == (4.0, 1)
    assert GenerationRating.objects.get().feedback == "Better on a second read"


def test_lists_show_the_average_and_the_caller_s_own(workspace, client_as, generation) -> None:
    viewer = client_as(Role.VIEWER)
    rate(client_for(MembershipFactory(workspace=workspace, role=Role.EDITOR).user), generation, 3)

    listed = viewer.get("/api/generations/").json()["results"][0]

    assert (listed["rating_average"], listed["rating_count"], listed["my_rating"]) == (3.0, 1, None)


def test_a_viewer_cannot_rate(client_as, generation) -> None:
    assert rate(client_as(Role.VIEWER), generation, 5).status_code == 403
    assert not GenerationRating.objects.exists()


def test_an_unrated_generation_has_no_average(generation) -> None:
    assert (generation["rating_average"], generation["rating_count"]) == (None, 0)
    assert Generation.objects.get().ratings.count() == 0
