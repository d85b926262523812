"""The admin: list, search, read-only versions, the preview, the archive action, no delete."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from templates_app.models import Template
from tests.factories import TemplateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser(email="staff@example.com", password="x"))
    return client


def test_changelist_search_and_filters(staff_client: Client) -> None:
    TemplateFactory(name="Launch note", category="pr")
    TemplateFactory(name="Other")
    response = staff_client.get("/admin/templates_app/template/", {"q": "launch"})
    assert response.status_code == 200
    assert b"Launch note" in response.content
    assert b"Other" not in response.content
    filtered = staff_client.get("/admin/templates_app/template/", {"is_archived__exact": "1"})
    assert b"Launch note" not in filtered.content


def test_change_form_previews_and_shows_versions_read_only(staff_client: Client) -> None:
    template = TemplateFactory(
        content={
            "body": "Post about {{ topic }} in {{ words }} words",
            "variables": [{"name": "topic"}, {"name": "words", "type": "integer", "default": 50}],
        }
    )
    response = staff_client.get(f"/admin/templates_app/template/{template.pk}/change/")
    assert response.status_code == 200
    assert b"Post about &lt;topic&gt; in 50 words" in response.content
    assert b"versions-0-body" not in response.content  # the inline is read-only


def test_preview_reports_a_template_that_cannot_render(staff_client: Client) -> None:
    template = TemplateFactory(content={"body": "-", "variables": []}, unchecked_body="{{ 1 / 0 }}")
    response = staff_client.get(f"/admin/templates_app/template/{template.pk}/change/")
    assert b"Cannot render" in response.content


def test_archive_action_and_no_delete(staff_client: Client) -> None:
    template = TemplateFactory()
    response = staff_client.post(
        "/admin/templates_app/template/",
        {"action": "archive", "_selected_action": [template.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert Template.objects.get(pk=template.pk).is_archived
    delete = staff_client.get(f"/admin/templates_app/template/{template.pk}/delete/")
    assert delete.status_code == 403


def test_labels_and_their_history_are_listed_read_only(staff_client: Client) -> None:
    from templates_app.services.labels import Arm, label_set

    template = TemplateFactory(name="Gated note")
    label_set(template=template, user=None, name="production", arms=[Arm(1, 100)], reason="first")
    labels = staff_client.get("/admin/templates_app/label/")
    assert labels.status_code == 200 and b"Gated note" in labels.content
    moves = staff_client.get("/admin/templates_app/labelmove/", {"q": "first"})
    assert moves.status_code == 200 and b"production" in moves.content
    assert staff_client.get("/admin/templates_app/label/add/").status_code == 403
