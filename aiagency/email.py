"""E-mails with a plain-text and an HTML part, both rendered from Django templates.

`template` names three files: `<template>_subject.txt`, `<template>.txt` and `<template>.html`,
rendered in the active language (`accounts.outbox` activates the one chosen for the e-mail).
Which backend sends them is configuration (`EMAIL_URL`; the console when unset).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger("aiagency.email")


def send_templated_email(*, to: str, template: str, context: dict[str, Any]) -> None:
    language = translation.get_language()
    # A subject must be one line: a template's line breaks would make the header invalid.
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[to],
        headers={"Content-Language": language},
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()
    logger.info("email sent", extra={"template": template, "language": language})
