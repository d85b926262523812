"""Markdown to a Word document (python-docx), keeping headings, lists, bold, italics and links.

The Markdown is parsed once by markdown-it (CommonMark, raw HTML off, as for the HTML export) and
its token stream written out: a block token sets the paragraph style, an inline token's children
become runs. Other constructs (tables, images) arrive as their text.
"""

from __future__ import annotations

import io

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import RGBColor
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.token import Token

_LINK_BLUE = RGBColor(0x05, 0x63, 0xC1)
_LIST_STYLES = {"bullet_list_open": "List Bullet", "ordered_list_open": "List Number"}


def markdown_parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


def _hyperlink(paragraph: Paragraph, url: str) -> BaseOxmlElement:
    """A `w:hyperlink` element appended to `paragraph`, pointing at `url`; runs go inside it."""
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    paragraph._p.append(link)  # python-docx has no public API for hyperlinks
    return link


def _add_run(
    paragraph: Paragraph, text: str, marks: set[str], link: BaseOxmlElement | None
) -> None:
    run = paragraph.add_run(text)
    run.bold = "strong" in marks or None
    run.italic = "em" in marks or None
    if link is not None:
        run.underline = True
        run.font.color.rgb = _LINK_BLUE
        link.append(run._r)


def _write_inline(paragraph: Paragraph, token: Token) -> None:
    marks: set[str] = set()
    link: BaseOxmlElement | None = None
    for child in token.children or []:
        if child.type in ("strong_open", "em_open"):
            marks.add(child.type.removesuffix("_open"))
        elif child.type in ("strong_close", "em_close"):
            marks.discard(child.type.removesuffix("_close"))
        elif child.type == "link_open":
            link = _hyperlink(paragraph, str(child.attrs.get("href", "")))
        elif child.type == "link_close":
            link = None
        elif child.type in ("softbreak", "hardbreak"):
            _add_run(paragraph, "\n" if child.type == "hardbreak" else " ", marks, link)
        elif child.content:
            _add_run(paragraph, child.content, marks, link)


def markdown_to_docx(*, title: str, markdown: str) -> bytes:
    document = Document()
    document.core_properties.title = title
    lists: list[str] = []
    style = "Normal"
    for token in markdown_parser().parse(markdown):
        if token.type in _LIST_STYLES:
            lists.append(_LIST_STYLES[token.type])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "heading_open":
            style = f"Heading {token.tag[1:]}"
        elif token.type in ("paragraph_open", "heading_close", "paragraph_close"):
            style = lists[-1] if lists else "Normal"
        elif token.type == "inline":
            _write_inline(document.add_paragraph(style=style), token)
        elif token.type in ("fence", "code_block"):
            document.add_paragraph(token.content.rstrip("\n"), style="No Spacing")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
