"""E-mails sent after commit are delivered at once, into pytest-django's `mailoutbox`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from django.core import mail

LINK = re.compile(r"https?://\S+")


@pytest.fixture
def deliver(django_capture_on_commit_callbacks) -> Callable[[], Iterator[None]]:
    """`with deliver(): ...` runs the work's after-commit sends (the e-mail task, eager here)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def link_in(message: mail.EmailMessage) -> str:
    """The one link of an e-mail, checked to be the same in its text and HTML parts."""
    text_links = set(LINK.findall(message.body))
    html = next(content for content, kind in message.alternatives if kind == "text/html")
    assert len(text_links) == 1, message.body
    link = text_links.pop()
    assert f'href="{link.replace("&", "&amp;")}"' in html
    return link
