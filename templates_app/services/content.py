"""Cleaning what a template is written with, shared by the API and the bulk import.

A template's input splits in two: the *meta* fields that describe it (name, slug, description,
category, tags, archived) and the *content* that a version freezes (body, system prompt, variables,
defaults). Only a content change writes a new version.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Workspace
from aiagency.languages import canonical_language_tag, is_language_tag
from templates_app.errors import TemplateInvalid
from templates_app.models import TemplateVersion
from templates_app.services.schema import check_content, clean_defaults, clean_variables
from templates_app.services.text import UNSTORABLE_MESSAGE, has_unstorable_characters

META_FIELDS = ("name", "slug", "description", "category", "tags", "language", "is_archived")
CONTENT_FIELDS = ("body", "system_prompt", "variables", "defaults")
MAX_TAGS = 20
_TAG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,200}$")
_TEXT_LIMITS = {"name": 200, "description": 5_000, "category": 100}


@dataclass(frozen=True)
class TemplateContent:
    body: str
    system_prompt: str
    variables: list[dict[str, Any]]
    defaults: dict[str, Any]

    @classmethod
    def of(cls, version: TemplateVersion) -> TemplateContent:
        return cls(version.body, version.system_prompt, version.variables, version.defaults)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def content_clean(
    *,
    body: Any = None,
    system_prompt: Any = "",
    variables: Any = None,
    defaults: Any = None,
) -> tuple[TemplateContent, list[str]]:
    """Canonical content and its warnings; `TemplateInvalid` naming every bad field."""
    errors: dict[str, list[str]] = {}
    for field, value in (("body", body), ("system_prompt", system_prompt)):
        if not isinstance(value, str):
            errors[field] = [_("Must be a text.")]
        elif has_unstorable_characters(value):
            errors[field] = [str(UNSTORABLE_MESSAGE)]
    if isinstance(body, str) and not body.strip():
        errors["body"] = [_("The body cannot be empty.")]
    cleaned: dict[str, Any] = {}
    for field, cleaner, value in (
        ("variables", clean_variables, variables),
        ("defaults", clean_defaults, defaults),
    ):
        try:
            cleaned[field] = cleaner(value)
        except TemplateInvalid as error:
            errors.update(error.errors)
    if errors:
        raise TemplateInvalid(errors)
    content = TemplateContent(body, system_prompt or "", cleaned["variables"], cleaned["defaults"])
    warnings = check_content(
        body=content.body, system_prompt=content.system_prompt, variables=content.variables
    )
    return content, warnings


def _clean_tags(raw: Any) -> list[str]:
    if isinstance(raw, str):  # "seo, blog" from a CSV cell or a form
        raw = [part for part in re.split(r"[,;]", raw) if part.strip()]
    if not isinstance(raw, list) or not all(isinstance(tag, str) for tag in raw):
        raise ValueError(_("Must be a list of tags."))
    if len(raw) > MAX_TAGS * 5:  # before deduplicating, so a huge list is not walked
        raise ValueError(_("A template has at most %(limit)d tags.") % {"limit": MAX_TAGS})
    tags = list(dict.fromkeys(tag.strip().lower() for tag in raw))
    if len(tags) > MAX_TAGS:
        raise ValueError(_("A template has at most %(limit)d tags.") % {"limit": MAX_TAGS})
    for tag in tags:
        if not _TAG.match(tag):
            raise ValueError(
                _("'%(tag)s' is not a valid tag: use up to 40 letters, digits, '-' or '_'.")
                % {"tag": tag}
            )
    return tags


def _clean_text(field: str, raw: Any) -> str:
    if not isinstance(raw, str):
        raise ValueError(_("Must be a text."))
    text = raw.strip()
    if has_unstorable_characters(text):
        raise ValueError(UNSTORABLE_MESSAGE)
    if field == "name" and not text:
        raise ValueError(_("The name cannot be empty."))
    if len(text) > _TEXT_LIMITS[field]:
        raise ValueError(
            _("Must be at most %(limit)s characters long.") % {"limit": f"{_TEXT_LIMITS[field]:,}"}
        )
    return text


def _clean_slug(raw: Any) -> str:
    if not isinstance(raw, str) or not _SLUG.match(raw.strip()):
        raise ValueError(_("Must be a slug of letters, digits, '-' or '_' (at most 200)."))
    return raw.strip()


def _clean_language(raw: Any) -> str:
    if not isinstance(raw, str) or not is_language_tag(raw.strip()):
        raise ValueError(_("Must be a BCP 47 language tag, such as pt-BR or en."))
    return canonical_language_tag(raw.strip())


def _clean_archived(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise ValueError(_("Must be true or false."))
    return raw


_META_CLEANERS = {
    "name": lambda value: _clean_text("name", value),
    "description": lambda value: _clean_text("description", value or ""),
    "category": lambda value: _clean_text("category", value or ""),
    "slug": _clean_slug,
    "tags": lambda value: _clean_tags(value or []),
    "language": _clean_language,
    "is_archived": _clean_archived,
}


def meta_clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """The meta fields present in `data`, cleaned; `TemplateInvalid` naming every bad one."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for field, cleaner in _META_CLEANERS.items():
        if field not in data:
            continue
        try:
            cleaned[field] = cleaner(data[field])
        except ValueError as error:
            errors[field] = [str(error)]
    if errors:
        raise TemplateInvalid(errors)
    return cleaned


def input_clean(
    data: Mapping[str, Any], *, current: TemplateContent | None = None
) -> tuple[dict[str, Any], TemplateContent, list[str]]:
    """Meta, content and warnings from flat input, with the errors of both halves together.

    Content fields missing from `data` keep their value in `current` (a partial edit).
    """
    errors: dict[str, list[str]] = {}
    meta: dict[str, Any] = {}
    failure = TemplateInvalid
    try:
        meta = meta_clean(data)
    except TemplateInvalid as error:
        errors.update(error.errors)
    given = {key: data[key] for key in CONTENT_FIELDS if key in data}
    try:
        content, warnings = content_clean(**{**(current.as_dict() if current else {}), **given})
    except TemplateInvalid as error:
        errors.update(error.errors)
        failure = type(error)  # a TemplateLimitExceeded keeps its code
    if errors:
        raise failure(errors)
    return meta, content, warnings


def workspace_language_tag(workspace: Workspace) -> str:
    """The language of the workspace's new templates, as a BCP 47 tag (`pt-br` -> `pt-BR`)."""
    return canonical_language_tag(workspace.language)


def slug_for(name: str) -> str:
    return slugify(name)[:200] or "template"
