"""Reads of the content app: lists with the joins their serializers need, full-text search."""

from __future__ import annotations

import difflib
import operator
import re
from functools import reduce
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

from content.models import Comment, ContentItem, Project, Revision, Transition
from generations.models import Batch, Generation

# PostgreSQL's text search configuration for each language an item may be written in (by the
# primary subtag of its `language`): words are matched by their stem ("gerações" finds
# "geração"). Any other language is matched word for word ("simple"). Each has a partial GIN
# index over the items of its language (migration 0005), built from `search_partitions`.
SEARCH_CONFIGS = {"pt": "portuguese", "en": "english"}
OTHER_SEARCH_CONFIG = "simple"
_WORD_OR_SPACE = re.compile(r"\S+|\s+")


def with_content_item(generations: QuerySet[Generation]) -> QuerySet[Generation]:
    """Each generation's content item (`content_item_pk`) and its `content_edit_ratio`, null
    when it was not saved as content: registered with the generations app's reads."""
    item = ContentItem.objects.filter(generation=OuterRef("pk")).order_by()
    return generations.annotate(
        content_item_pk=Subquery(item.values("pk")[:1]),
        content_edit_ratio=Subquery(item.values("edit_ratio")[:1]),
    )


def project_list() -> QuerySet[Project]:
    return Project.objects.select_related("created_by")


def batch_project(*, batch: Batch) -> Project | None:
    """The project `batch` belongs to, if any."""
    return Project.objects.filter(batch_links__batch=batch).first()


def with_batch_project(batches: QuerySet[Batch]) -> QuerySet[Batch]:
    """Each batch's project (`project_link.project`) in the same query: registered with the
    generations app's batch reads."""
    return batches.select_related("project_link__project")


def project_progress(*, project: Project) -> dict[str, int]:
    """`{status: items}` of the project."""
    rows = project.items.values("status").annotate(items=Count("id")).order_by()
    return {row["status"]: row["items"] for row in rows}


def item_list() -> QuerySet[ContentItem]:
    """Items with the people the serializers show and the project exports name. Of the template
    version only its template's id (`template_id`): joining the whole version (its body,
    prompts and variables) for one number cost the board a third of its time."""
    return ContentItem.objects.select_related(
        "project", "created_by", "assignee", "reviewer"
    ).annotate(template_id=F("template_version__template_id"))


def search_vector(config: str) -> SearchVector:
    return SearchVector("title", "body", config=config)


def search_partitions() -> list[tuple[str, Q]]:
    """(configuration, the items it searches) for every configuration; the items split exactly."""
    known = [(config, Q(language__startswith=prefix)) for prefix, config in SEARCH_CONFIGS.items()]
    others = ~reduce(operator.or_, (condition for _config, condition in known))
    return [*known, (OTHER_SEARCH_CONFIG, others)]


def item_search(queryset: QuerySet[ContentItem], term: str) -> QuerySet[ContentItem]:
    """Items whose title or body match `term`: PostgreSQL's full text (web-search syntax, the GIN
    indexes), each item with the rules of its own language; elsewhere (SQLite) every word of
    `term` as a substring of the title or the body."""
    if connection.vendor == "postgresql":
        documents: dict[str, SearchVector] = {}
        match = Q()
        for config, items in search_partitions():
            name = f"search_{config}"
            documents[name] = search_vector(config)
            query = SearchQuery(term, config=config, search_type="websearch")
            match |= items & Q(**{name: query})
        return queryset.annotate(**documents).filter(match)
    for word in term.split():
        queryset = queryset.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return queryset


def revision_list(*, item: ContentItem) -> QuerySet[Revision]:
    return item.revisions.select_related("author")


def comment_list(*, item: ContentItem) -> QuerySet[Comment]:
    return item.comments.select_related("author", "resolved_by")


def transition_list(*, item: ContentItem) -> QuerySet[Transition]:
    return item.transitions.select_related("actor", "comment")


def revision_diff(*, old: Revision, new: Revision) -> dict[str, Any]:
    """A word-level diff of the bodies: `ops` of `{op: equal|insert|delete, text}` which, read in
    order, spell the old body (equal + delete) and the new one (equal + insert)."""
    before = _WORD_OR_SPACE.findall(old.body)
    after = _WORD_OR_SPACE.findall(new.body)
    ops: list[dict[str, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "delete", "replace"):
            ops.append(
                {"op": "equal" if tag == "equal" else "delete", "text": "".join(before[i1:i2])}
            )
        if tag in ("insert", "replace"):
            ops.append({"op": "insert", "text": "".join(after[j1:j2])})
    return {
        "from_revision": old.number,
        "to_revision": new.number,
        "title_changed": old.title != new.title,
        "ops": ops,
    }
