"""The API docs pages work with no network: nothing on them names another host."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

DOCS_PAGES = ["/api/docs/", "/api/redoc/"]


class _PageReferences(HTMLParser):
    """Every URL the page's elements load or link to, and its Content-Security-Policy."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.policy = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.urls += [values[name] or "" for name in ("src", "href") if name in values]
        if (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.policy = values.get("content") or ""


def _references(client, path: str) -> _PageReferences:
    parser = _PageReferences()
    parser.feed(client.get(path).content.decode())
    return parser


@pytest.mark.parametrize("path", DOCS_PAGES)
def test_docs_pages_load_only_this_sites_files(client, path: str) -> None:
    page = client.get(path).content.decode()
    references = _references(client, path)

    assert references.urls
    assert all(url.startswith("/static/") for url in references.urls), references.urls
    assert not re.search(r"https?://", page.split("<body>")[0]), "the head names another host"
    assert "googleapis" not in page
    for url in references.urls:
        assert finders.find(url.removeprefix("/static/")), f"{url} is not served locally"


@pytest.mark.parametrize("path", DOCS_PAGES)
def test_docs_pages_tell_the_browser_to_fetch_from_no_other_host(client, path: str) -> None:
    # ReDoc's bundle itself shows a logo from cdn.redoc.ly: the policy is what stops it.
    directives = dict(
        directive.strip().split(" ", 1)
        for directive in _references(client, path).policy.split(";")
        if directive.strip()
    )

    assert directives["default-src"] == "'self'"
    for sources in directives.values():
        assert not re.search(r"https?:|\*|\.\w", sources), sources


def test_swagger_ui_does_not_ask_the_online_validator(client) -> None:
    page = client.get("/api/docs/").content.decode()
    settings = json.loads(re.search(r"const swaggerSettings = (\{.*?\});", page, re.S).group(1))

    assert settings["validatorUrl"] is None
