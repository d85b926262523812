"""Exports of content: one item as Markdown, HTML or DOCX; many as a zip (a Markdown file each
and a CSV index), CSV or JSON Lines."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import nh3
from django.utils.html import escape
from django.utils.text import slugify

from aiagency.csv_cells import csv_writer
from content.models import ContentItem
from content.services.docx import markdown_parser, markdown_to_docx

INDEX_COLUMNS = [
    "id",
    "title",
    "status",
    "project",
    "revision",
    "edit_ratio",
    "created_at",
    "approved_at",
    "published_at",
]


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def item_markdown(item: ContentItem) -> str:
    """The body, under the title as a heading unless the body already starts with it."""
    first = item.body.lstrip().splitlines()[0] if item.body.strip() else ""
    if first.lstrip("#").strip() == item.title and first.startswith("#"):
        return item.body
    return f"# {item.title}\n\n{item.body}"


def item_html(item: ContentItem) -> str:
    """A whole HTML document; the Markdown's HTML is rendered with raw HTML off and sanitised."""
    body = nh3.clean(markdown_parser().render(item_markdown(item)))
    return (
        '<!doctype html>\n<html><head><meta charset="utf-8">'
        f"<title>{escape(item.title)}</title></head>\n<body>\n{body}</body></html>\n"
    )


def _stem(item: ContentItem) -> str:
    return f"{item.pk}-{slugify(item.title)[:60] or 'item'}"


# The media type of each format, as answered and as the API schema declares it.
ITEM_CONTENT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def item_export(item: ContentItem, kind: str) -> ExportFile:
    if kind == "md":
        content = item_markdown(item).encode()
    elif kind == "html":
        content = item_html(item).encode()
    else:
        content = markdown_to_docx(title=item.title, markdown=item_markdown(item))
    return ExportFile(content, ITEM_CONTENT_TYPES[kind], f"{_stem(item)}.{kind}")


def _record(item: ContentItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "title": item.title,
        "status": item.status,
        "project": item.project.name if item.project else None,
        "revision": item.revision,
        "edit_ratio": item.edit_ratio,
        "created_at": item.created_at.isoformat(),
        "approved_at": item.approved_at.isoformat() if item.approved_at else None,
        "published_at": item.published_at.isoformat() if item.published_at else None,
    }


def _csv(items: Iterable[ContentItem], *, with_body: bool) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out, quoting=csv.QUOTE_MINIMAL)
    writer.writerow([*INDEX_COLUMNS, *(["body"] if with_body else ["file"])])
    for item in items:
        last = item.body if with_body else f"{_stem(item)}.md"
        writer.writerow([*_record(item).values(), last])
    return out.getvalue().encode()


def _zip(items: list[ContentItem]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in items:
            archive.writestr(f"{_stem(item)}.md", item_markdown(item))
        archive.writestr("index.csv", _csv(items, with_body=False))
    return out.getvalue()


def _jsonl(items: list[ContentItem]) -> bytes:
    lines = (json.dumps({**_record(item), "body": item.body}) for item in items)
    return "".join(f"{line}\n" for line in lines).encode()


_MANY: dict[str, tuple[Callable[[list[ContentItem]], bytes], str]] = {
    "zip": (_zip, "application/zip"),
    "csv": (lambda items: _csv(items, with_body=True), "text/csv; charset=utf-8"),
    "jsonl": (_jsonl, "application/x-ndjson"),
}
ITEM_FORMATS = tuple(ITEM_CONTENT_TYPES)
LIST_FORMATS = tuple(_MANY)
LIST_CONTENT_TYPES = {kind: content_type for kind, (_, content_type) in _MANY.items()}


def items_export(items: Iterable[ContentItem], kind: str) -> ExportFile:
    write, content_type = _MANY[kind]
    return ExportFile(write(list(items)), content_type, f"content.{kind}")
