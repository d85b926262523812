"""Full-text search reads each content item with its language's rules: one
partial GIN index per text search configuration (the expressions and conditions are the ones
`content.selectors.item_search` builds), in place of the language-neutral one of 0002. On
PostgreSQL only; SQLite searches with `icontains`."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import Q

OLD_INDEX = GinIndex(SearchVector("title", "body", config="simple"), name="content_item_search")
# Frozen here as they are today (migrations must not follow the code).
INDEXES = [
    GinIndex(
        SearchVector("title", "body", config="portuguese"),
        name="content_item_search_pt",
        condition=Q(language__startswith="pt"),
    ),
    GinIndex(
        SearchVector("title", "body", config="english"),
        name="content_item_search_en",
        condition=Q(language__startswith="en"),
    ),
    GinIndex(
        SearchVector("title", "body", config="simple"),
        name="content_item_search_other",
        condition=~(Q(language__startswith="pt") | Q(language__startswith="en")),
    ),
]


def create_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("content", "ContentItem")
    schema_editor.remove_index(model, OLD_INDEX)
    for index in INDEXES:
        schema_editor.add_index(model, index)


def drop_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("content", "ContentItem")
    for index in INDEXES:
        schema_editor.remove_index(model, index)
    schema_editor.add_index(model, OLD_INDEX)


class Migration(migrations.Migration):
    dependencies = [("content", "0006_meta_verbose_names_language")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
