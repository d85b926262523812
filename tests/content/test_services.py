from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connections

from accounts.models import Role
from aiagency.errors import ConflictError, DomainError, ForbiddenError
from content.models import ContentItem, ContentStatus, Transition
from content.services import items
from content.services.items import (
    item_create_from_generation,
    item_update_meta,
    items_from_batch,
    title_from,
)
from content.services.revisions import edit_ratio, item_edit
from content.services.transitions import allowed_actions, item_transition
from generations.models import Generation
from tests.conftest import requires_env, wait_until
from tests.content.conftest import AI_TEXT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("# Ten tips\n\nBody", "Ten tips"),
        ("Intro line\n\n## Heading\nBody", "Heading"),
        ("\n\n  First line  \nSecond", "First line"),
        ("", "Untitled"),
        ("#   \n", "Untitled"),
        ("900 words on **cork** and `snake_case`", "900 words on cork and snake_case"),
        ("## __Bold__ heading", "Bold heading"),
    ],
)
def test_title_is_the_first_heading_or_line(text: str, title: str) -> None:
    assert title_from(text) == title


def test_a_long_title_is_cut_with_an_ellipsis() -> None:
    title = title_from("word " * 200)
    assert len(title) == 300
    assert title.endswith("…")


def test_edit_ratio_is_the_normalised_word_distance() -> None:
    assert edit_ratio("a b c d", "a b c d") == 0
    assert edit_ratio("a b c d", "w x y z") == 1
    assert edit_ratio("a b c d", "a b x d") == 0.25
    assert edit_ratio("a b", "a b c d") == 0.5


def test_an_item_from_a_generation_starts_at_the_ai_text(make_generation) -> None:
    generation = make_generation()
    made = item_create_from_generation(generation=generation, user=None)
    item = made.item
    assert made.created
    assert (item.title, item.body, item.revision) == ("Ten tips for cats", AI_TEXT, 1)
    assert item.template_version_id == generation.template_version_id
    assert item.revisions.get().body == AI_TEXT


def test_a_generation_becomes_content_once(make_generation) -> None:
    generation = make_generation()
    first = item_create_from_generation(generation=generation, user=None).item
    again = item_create_from_generation(generation=generation, user=None)
    assert (again.item.pk, again.created) == (first.pk, False)


def test_a_failed_generation_does_not_become_content(make_generation) -> None:
    with pytest.raises(ConflictError) as error:
        item_create_from_generation(
            generation=make_generation(status=Generation.Status.FAILED), user=None
        )
    assert "generation" in error.value.errors


def test_a_batch_saves_each_succeeded_row_once(make_batch, make_generation) -> None:
    ok, failed = Generation.Status.SUCCEEDED, Generation.Status.FAILED
    batch = make_batch([ok, failed, ok])
    first = items_from_batch(batch=batch, user=None)
    assert (first.created, first.already_saved, first.not_succeeded) == (2, 0, 1)
    titles = ContentItem.objects.filter(pk__in=first.item_ids).values_list("title", flat=True)
    assert sorted(titles) == ["Row 1", "Row 3"]
    again = items_from_batch(batch=batch, user=None)
    assert (again.created, again.already_saved, again.item_ids) == (0, 2, first.item_ids)
    assert all(
        item.revisions.count() == 1 for item in ContentItem.objects.filter(pk__in=first.item_ids)
    )


def test_an_edit_writes_a_revision_and_measures_the_edit(make_item) -> None:
    item = make_item(body="one two three four")
    item = item_edit(item=item, user=None, base_revision=1, body="one two three five")
    assert item.revision == 2
    assert item.edit_ratio == 0.25
    assert list(item.revisions.values_list("number", "body")) == [
        (1, "one two three four"),
        (2, "one two three five"),
    ]


def test_an_edit_from_a_stale_revision_is_a_conflict_naming_the_newer_one(make_item) -> None:
    item = make_item()
    item_edit(item=item, user=None, base_revision=1, body="changed")
    with pytest.raises(ConflictError) as error:
        item_edit(item=item, user=None, base_revision=1, body="mine")
    assert "revision 2" in error.value.message
    assert "base_revision" in error.value.errors


def test_an_unchanged_edit_writes_no_revision(make_item) -> None:
    item = make_item()
    assert item_edit(item=item, user=None, base_revision=1, title=item.title).revision == 1


def test_edit_ratio_is_frozen_at_approval(make_item, member, workspace) -> None:
    workspace.allow_self_approval = True
    workspace.save()
    item = make_item(body="a b c d")
    item = item_transition(item=item, user=None, action="submit")
    item = item_edit(item=item, user=None, base_revision=1, body="a b c x")
    item = item_transition(item=item, user=None, action="approve")
    assert item.edit_ratio == 0.25
    with pytest.raises(ConflictError):
        item_edit(item=item, user=None, base_revision=2, body="w x y z")


def test_the_whole_review_path_is_recorded(make_item, member) -> None:
    writer, reviewer = member(Role.EDITOR), member(Role.REVIEWER)
    item = make_item(user=writer)
    item = item_transition(item=item, user=writer, action="submit")
    item = item_transition(item=item, user=reviewer, action="request_changes", comment="Shorter.")
    item = item_transition(item=item, user=writer, action="submit")
    item = item_transition(item=item, user=reviewer, action="approve")
    item = item_transition(item=item, user=reviewer, action="publish")
    assert item.status == ContentStatus.PUBLISHED
    assert item.reviewer == reviewer and item.submitted_by == writer
    assert item.submitted_at and item.approved_at and item.published_at
    moves = list(Transition.objects.filter(item=item).values_list("from_status", "to_status"))
    assert moves == [
        ("draft", "in_review"),
        ("in_review", "changes_requested"),
        ("changes_requested", "in_review"),
        ("in_review", "approved"),
        ("approved", "published"),
    ]
    assert Transition.objects.get(to_status="changes_requested").comment.body == "Shorter."


def test_a_move_not_allowed_names_the_allowed_ones(make_item) -> None:
    with pytest.raises(ConflictError) as error:
        item_transition(item=make_item(), user=None, action="approve")
    assert error.value.code == "conflict"
    assert "submit, archive" in error.value.message


def test_requesting_changes_needs_a_comment(make_item) -> None:
    item = item_transition(item=make_item(), user=None, action="submit")
    with pytest.raises(DomainError) as error:
        item_transition(item=item, user=None, action="request_changes", comment="  ")
    assert "comment" in error.value.errors


def test_four_eyes_the_submitter_cannot_approve(make_item, member, workspace) -> None:
    writer = member(Role.REVIEWER)
    item = item_transition(item=make_item(user=writer), user=writer, action="submit")
    with pytest.raises(ForbiddenError):
        item_transition(item=item, user=writer, action="approve")
    workspace.allow_self_approval = True
    workspace.save()
    assert item_transition(item=item, user=writer, action="approve").status == "approved"


def test_archive_from_anywhere_and_reopen_to_draft(make_item) -> None:
    item = item_transition(item=make_item(), user=None, action="submit")
    item = item_transition(item=item, user=None, action="archive")
    assert allowed_actions(item.status) == ["reopen"]
    assert item_transition(item=item, user=None, action="reopen").status == "draft"


def test_the_assignee_must_be_a_member(make_item, member) -> None:
    item = make_item()
    with pytest.raises(DomainError) as error:
        item_update_meta(item=item, data={"assignee": UserFactory()})
    assert "assignee" in error.value.errors
    colleague = member(Role.EDITOR)
    assert item_update_meta(item=item, data={"assignee": colleague}).assignee == colleague


def _waiting_for_a_lock() -> bool:
    """Whether a session of this test's database waits for a row lock."""
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@requires_env("DATABASE_URL")
@pytest.mark.django_db(transaction=True)
def test_a_row_saved_alone_while_its_batch_is_saved_becomes_one_item(
    make_batch, monkeypatch
) -> None:
    """Someone saves a batch's row as content while someone else saves the whole batch: the
    batch's save has found the row not saved yet when the row's own save checks. The row's save
    waits for the batch's (both take the batch's lock) and answers the item it made; it took the
    row first, and the batch's save failed on the one-item-per-generation constraint (a 500)."""
    batch = make_batch([Generation.Status.SUCCEEDED, Generation.Status.SUCCEEDED])
    row = batch.generations.get(batch_row=1)
    batch_reading, batch_goes_on = threading.Event(), threading.Event()
    item_for = items._item_for

    def the_batch_pauses_once_it_has_read(generation: Generation, *args: object) -> ContentItem:
        if threading.current_thread().name == "batch" and not batch_reading.is_set():
            batch_reading.set()
            batch_goes_on.wait()
        return item_for(generation, *args)

    monkeypatch.setattr(items, "_item_for", the_batch_pauses_once_it_has_read)
    outcomes: dict[str, object] = {}

    def save(name: str, work: Callable[[], object]) -> threading.Thread:
        def run() -> None:
            try:
                outcomes[name] = work()
            except Exception as error:
                outcomes[name] = error
            finally:
                connections.close_all()

        thread = threading.Thread(target=run, name=name)
        thread.start()
        return thread

    whole = save("batch", lambda: items_from_batch(batch=batch, user=None))
    batch_reading.wait()
    alone = save("row", lambda: item_create_from_generation(generation=row, user=None))
    wait_until(lambda: not alone.is_alive() or _waiting_for_a_lock())
    batch_goes_on.set()
    whole.join()
    alone.join()

    assert not [o for o in outcomes.values() if isinstance(o, Exception)], outcomes
    assert outcomes["row"].created is False
    assert outcomes["batch"].created == 2
    assert ContentItem.objects.filter(generation__batch=batch).count() == 2
