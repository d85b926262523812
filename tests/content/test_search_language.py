"""Full-text search reads each item with the rules of its own language on PostgreSQL: Portuguese
and English words are matched by their stem, other languages word for word."""

from __future__ import annotations

import pytest

from accounts.models import Role, Workspace
from content.models import ContentItem
from content.services.items import item_create
from tests.conftest import requires_env

pytestmark = [pytest.mark.django_db, requires_env("DATABASE_URL")]


def _item(workspace: Workspace, body: str, language: str) -> ContentItem:
    workspace.language = language
    workspace.save(update_fields=["language"])
    return item_create(workspace=workspace, user=None, data={"body": body})


def _found(client, term: str) -> list[int]:
    response = client.get("/api/content/", {"search": term})
    assert response.status_code == 200
    return sorted(item["id"] for item in response.json()["results"])


def test_each_item_is_searched_in_its_own_language(client_as, workspace: Workspace) -> None:
    cafe = _item(workspace, "# Café\n\nOs pequenos produtores colhem cafés especiais.", "pt-br")
    farm = _item(workspace, "# Farms\n\nThe farmers were running the harvest.", "en")
    spanish = _item(workspace, "# Granja\n\nLos granjeros estaban corriendo.", "en")
    ContentItem.objects.filter(pk=spanish.pk).update(language="es")
    client = client_as(Role.VIEWER)

    assert cafe.language == "pt-BR" and farm.language == "en"
    assert _found(client, "colher") == [cafe.pk]  # colhem ~ colher, by Portuguese rules
    assert _found(client, "produtor pequeno") == [cafe.pk]
    assert _found(client, "run farmer") == [farm.pk]  # running ~ run, by English rules
    assert _found(client, "corriendo") == [spanish.pk]  # word for word
    assert _found(client, "correr") == []
