from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from docx import Document

from accounts.models import Role

pytestmark = pytest.mark.django_db

RICH = (
    "# Launch notes\n\n"
    "Some **bold** and *italic* text with [a link](https://example.com/page).\n\n"
    "## Steps\n\n- first\n- second\n\n1. one\n2. two\n"
)


def test_markdown_export(client_as, make_item) -> None:
    item = make_item(body=RICH)
    response = client_as(Role.VIEWER).get(f"/api/content/{item.pk}/export/?format=md")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/markdown")
    assert f"{item.pk}-launch-notes.md" in response["Content-Disposition"]
    assert response.content.decode() == RICH


def test_html_export_has_no_script_from_the_markdown(client_as, make_item) -> None:
    payload = (
        "# Hi\n\n<script>alert(1)</script>\n\n[x](javascript:alert(2))\n\n"
        '<img src=x onerror="alert(3)">\n\n**safe**'
    )
    item = make_item(body=payload)
    html = client_as(Role.VIEWER).get(f"/api/content/{item.pk}/export/?format=html").content
    text = html.decode()
    # The payloads may stay as visible text; never as markup.
    assert "<script" not in text
    assert 'href="javascript' not in text
    assert "<img" not in text
    assert "<strong>safe</strong>" in text


def test_docx_keeps_headings_lists_bold_italics_and_links(client_as, make_item) -> None:
    item = make_item(body=RICH)
    response = client_as(Role.VIEWER).get(f"/api/content/{item.pk}/export/?format=docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Heading 1", "Launch notes")
    assert ("Heading 2", "Steps") in paragraphs
    assert ("List Bullet", "first") in paragraphs
    assert ("List Number", "two") in paragraphs
    body = document.paragraphs[1]
    assert [run.text for run in body.runs if run.bold] == ["bold"]
    assert [run.text for run in body.runs if run.italic] == ["italic"]
    assert "a link" in body.text
    assert [link.url for link in body.hyperlinks] == ["https://example.com/page"]


def test_an_unknown_format_names_the_parameter(client_as, make_item) -> None:
    response = client_as(Role.VIEWER).get(f"/api/content/{make_item().pk}/export/?format=pdf")
    assert response.status_code == 400
    assert "format" in response.json()["error"]["fields"]


def test_zip_export_holds_markdown_files_and_a_csv_index(client_as, make_item) -> None:
    first = make_item(body="# First\n\nOne.")
    make_item(body="# Second\n\nTwo.", title="=HYPERLINK(evil)")
    response = client_as(Role.VIEWER).get("/api/content/export/?format=zip&search=First")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [f"{first.pk}-first.md", "index.csv"]
    rows = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode())))
    assert [(row["title"], row["file"]) for row in rows] == [("First", f"{first.pk}-first.md")]


def test_csv_export_neutralises_formulas(client_as, make_item) -> None:
    make_item(body="Text.", title="=HYPERLINK(evil)")
    response = client_as(Role.VIEWER).get("/api/content/export/?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["title"] == "'=HYPERLINK(evil)"
    assert rows[0]["body"] == "Text."


def test_jsonl_export_with_the_lists_filters(client_as, make_item) -> None:
    make_item(body="# Kept\n\nYes.")
    make_item(body="# Other\n\nNo.")
    response = client_as(Role.VIEWER).get("/api/content/export/?format=jsonl&search=Kept")
    lines = [json.loads(line) for line in response.content.decode().splitlines()]
    assert [(line["title"], line["body"]) for line in lines] == [("Kept", "# Kept\n\nYes.")]
