"""A GIN index over the full-text vector of title and body, on PostgreSQL only (SQLite searches
with `icontains`); the expression is the one `content.selectors.search_vector` builds."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = GinIndex(
    SearchVector("title", "body", config="simple"), name="content_item_search"
)


def create_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("content", "ContentItem"), INDEX)


def drop_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("content", "ContentItem"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("content", "0001_content_workflow")]

    operations = [migrations.RunPython(create_index, drop_index)]
