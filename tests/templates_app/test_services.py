"""Versioning rules, optimistic locking, restore, archive."""

from __future__ import annotations

import pytest

from accounts.models import User, Workspace
from aiagency.errors import ConflictError, DomainError
from templates_app.errors import TemplateInvalid
from templates_app.models import Template, TemplateVersion
from templates_app.services.versions import (
    template_create,
    template_restore,
    template_set_archived,
    template_update,
)
from tests.factories import TemplateFactory

pytestmark = pytest.mark.django_db

DATA = {
    "name": "Blog post",
    "body": "Write about {{ topic }}.",
    "variables": [{"name": "topic"}],
    "tags": ["Blog", "seo", "blog"],
}


def test_create_writes_version_one_and_a_unique_slug(workspace: Workspace, user: User) -> None:
    first = template_create(workspace=workspace, user=user, data=DATA)
    second = template_create(workspace=workspace, user=user, data=DATA)
    assert first.template.current_version.number == 1
    assert first.version.created_by == user
    assert (first.template.slug, second.template.slug) == ("blog-post", "blog-post-2")
    assert first.template.tags == ["blog", "seo"]


def test_a_slug_made_from_the_name_that_a_concurrent_create_took_is_made_again(
    workspace: Workspace, monkeypatch
) -> None:
    """Two templates named alike are created at once: both find "blog-post" free, and the
    other one takes it first. This one takes the next free slug; it was refused "A template
    with this slug already exists here" for a slug its author never chose."""
    from templates_app.services import versions

    unique_slug = versions._unique_slug

    def taken_meanwhile(workspace: Workspace, name: str) -> str:
        monkeypatch.setattr(versions, "_unique_slug", unique_slug)
        slug = unique_slug(workspace, name)
        template_create(workspace=workspace, user=None, data=DATA)
        return slug

    monkeypatch.setattr(versions, "_unique_slug", taken_meanwhile)

    created = template_create(workspace=workspace, user=None, data=DATA)

    assert created.template.slug == "blog-post-2"
    assert sorted(Template.objects.values_list("slug", flat=True)) == ["blog-post", "blog-post-2"]


def test_a_template_given_a_slug_taken_meanwhile_is_a_conflict(
    workspace: Workspace, monkeypatch
) -> None:
    """An edit gives a template the slug "launch" while a create takes it: both found it free,
    and the create saved first. The edit is a 409 naming the slug and writes nothing (its new
    version included); it was a 500 from the unique constraint."""
    from templates_app.services import versions

    template = template_create(workspace=workspace, user=None, data=DATA).template
    slug_taken = versions._slug_taken

    def taken_meanwhile(workspace_id: int, slug: str) -> bool:
        monkeypatch.setattr(versions, "_slug_taken", slug_taken)
        free = slug_taken(workspace_id, slug)
        template_create(workspace=workspace, user=None, data={**DATA, "slug": slug})
        return free

    monkeypatch.setattr(versions, "_slug_taken", taken_meanwhile)

    with pytest.raises(ConflictError) as refused:
        template_update(
            template=template,
            user=None,
            base_version=1,
            data={"slug": "launch", "body": "Another body."},
        )

    assert "slug" in refused.value.errors
    template.refresh_from_db()
    assert (template.slug, template.versions.count()) == ("blog-post", 1)


def test_the_same_slug_is_free_in_another_workspace(
    workspace: Workspace, other_workspace: Workspace
) -> None:
    template_create(workspace=workspace, user=None, data={**DATA, "slug": "post"})
    template_create(workspace=other_workspace, user=None, data={**DATA, "slug": "post"})
    with pytest.raises(ConflictError):
        template_create(workspace=workspace, user=None, data={**DATA, "slug": "post"})


def test_invalid_input_names_every_field(workspace: Workspace) -> None:
    with pytest.raises(TemplateInvalid) as caught:
        template_create(
            workspace=workspace, user=None, data={"name": " ", "body": "{{ x }}", "tags": ["a b"]}
        )
    assert set(caught.value.errors) == {"name", "tags", "body"}


@pytest.mark.parametrize("field", ["body", "system_prompt", "variables", "defaults"])
def test_a_content_change_writes_the_next_version(field: str) -> None:
    template = TemplateFactory()
    change = {
        "body": "Write a long post about {{ topic }}.",
        "system_prompt": "You are an editor.",
        "variables": [{"name": "topic", "max_length": 50}],
        "defaults": {"model": "gpt-4o-mini"},
    }[field]
    write = template_update(template=template, user=None, base_version=1, data={field: change})
    template.refresh_from_db()
    assert write.version_created
    assert template.current_version.number == 2
    assert template.versions.count() == 2
    assert TemplateVersion.objects.get(template=template, number=1).body.startswith("Write a post")


def test_a_meta_change_alone_writes_no_version() -> None:
    template = TemplateFactory()
    data = {"name": "Renamed", "description": "Why", "tags": ["new"], "category": "x"}
    write = template_update(template=template, user=None, base_version=1, data=data)
    template.refresh_from_db()
    assert not write.version_created
    assert (template.name, template.tags, template.current_version.number) == (
        "Renamed",
        ["new"],
        1,
    )


def test_resending_the_same_content_writes_no_version() -> None:
    template = TemplateFactory()
    data = {
        "body": template.current_version.body,
        "variables": [{"name": "topic", "max_length": 100}],
    }
    assert not template_update(
        template=template, user=None, base_version=1, data=data
    ).version_created


def test_a_stale_base_version_conflicts_and_loses_nothing() -> None:
    template = TemplateFactory()
    template_update(template=template, user=None, base_version=1, data={"body": "A {{ topic }}"})
    with pytest.raises(ConflictError, match="now at version 2"):
        template_update(
            template=template, user=None, base_version=1, data={"body": "B {{ topic }}"}
        )
    template.refresh_from_db()
    assert template.current_version.body == "A {{ topic }}"
    assert template.versions.count() == 2


def test_restore_copies_an_old_version_into_a_new_one() -> None:
    template = TemplateFactory()
    template_update(template=template, user=None, base_version=1, data={"body": "B {{ topic }}"})
    write = template_restore(template=template, user=None, number=1, base_version=2)
    assert write.version.number == 3
    assert write.version.body == "Write a post about {{ topic }}."
    assert write.version.changelog == "Restored version 1."
    with pytest.raises(DomainError, match="does not exist"):
        template_restore(template=template, user=None, number=9, base_version=3)


def test_a_version_cannot_be_edited_in_place() -> None:
    version = TemplateFactory().current_version
    version.body = "changed"
    with pytest.raises(ValueError, match="immutable"):
        version.save()


def test_archive_and_unarchive() -> None:
    template = TemplateFactory()
    template_set_archived(template=template, archived=True)
    assert Template.objects.get(pk=template.pk).is_archived
    template_set_archived(template=template, archived=False)
    assert not Template.objects.get(pk=template.pk).is_archived


def test_deleting_the_workspace_deletes_its_templates(workspace: Workspace) -> None:
    TemplateFactory(workspace=workspace)
    workspace.delete()
    assert not TemplateVersion.objects.exists()


def test_a_templates_current_version_is_the_one_in_use(workspace: Workspace, user: User) -> None:
    written = template_create(workspace=workspace, user=user, data=DATA).template

    assert written.current == written.current_version
    with pytest.raises(TemplateVersion.DoesNotExist):
        Template(workspace=workspace, name="Being created").current  # noqa: B018
