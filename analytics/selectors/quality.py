"""Content quality per template version and per project: what became of the items created in
the period (approved, published), how much people changed the AI's text (`edit_ratio`, frozen at
approval), how long approval took, the generations' ratings, and what an approved item cost."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from analytics.selectors.period import Period
from content.models import ContentItem
from generations.models import GenerationRating


@dataclass
class _Group:
    label: str
    created: int = 0
    approved: int = 0
    published: int = 0
    cost: Decimal = Decimal(0)
    edit_ratios: list[float] = field(default_factory=list)
    approval_seconds: list[float] = field(default_factory=list)
    ratings: list[int] = field(default_factory=list)


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 4) if values else None


def _p90(values: list[float]) -> float | None:
    if len(values) < 2:
        return _median(values)
    return round(statistics.quantiles(values, n=10, method="inclusive")[-1], 4)


def _row(key: int | None, group: _Group) -> dict[str, Any]:
    return {
        "id": key,
        "label": group.label,
        "items_created": group.created,
        "items_approved": group.approved,
        "items_published": group.published,
        "approval_rate": round(group.approved / group.created, 4) if group.created else None,
        "edit_ratio_median": _median(group.edit_ratios),
        "edit_ratio_p90": _p90(group.edit_ratios),
        "time_to_approval_median_seconds": _median(group.approval_seconds),
        "rating_mean": round(statistics.fmean(group.ratings), 2) if group.ratings else None,
        # Every generation behind the group's items, rejected drafts included, per approved one.
        "cost_per_approved_item": (
            str((group.cost / group.approved).quantize(Decimal("0.000001")))
            if group.approved
            else None
        ),
    }


def _version_label(item: Mapping[str, Any]) -> str:
    if item["template_version_id"] is None:
        return _("Written by hand")
    return f"{item['template_version__template__name']} v{item['template_version__number']}"


def _project_label(item: Mapping[str, Any]) -> str:
    return item["project__name"] or _("No project")


def _groups(
    items: Iterable[Mapping[str, Any]],
    ratings: dict[int, list[int]],
    key: str,
    label: Callable[[Mapping[str, Any]], str],
) -> list[dict[str, Any]]:
    groups: dict[int | None, _Group] = {}
    for item in items:
        group = groups.setdefault(item[key], _Group(label(item)))
        group.created += 1
        group.cost += item["generation__cost"] or Decimal(0)
        group.ratings.extend(ratings.get(item["generation_id"], []))
        if item["published_at"]:
            group.published += 1
        if item["approved_at"]:
            group.approved += 1
            group.edit_ratios.append(item["edit_ratio"])
            seconds = (item["approved_at"] - item["created_at"]).total_seconds()
            group.approval_seconds.append(seconds)
    return [_row(group_key, group) for group_key, group in groups.items()]


def content_quality(
    *, workspace_id: int, period: Period, template_id: int | None = None
) -> dict[str, list[dict[str, Any]]]:
    """`{"template_versions": [...], "projects": [...]}` over the items created in `period`, of
    one template's versions only when `template_id` is given (the template's page)."""
    items = ContentItem.objects.filter(
        workspace_id=workspace_id,
        created_at__gte=period.start_utc,
        created_at__lt=period.end_utc,
    )
    if template_id is not None:
        items = items.filter(template_version__template_id=template_id)
    rows = list(
        items.values(
            "template_version_id",
            "template_version__number",
            "template_version__template__name",
            "project_id",
            "project__name",
            "generation_id",
            "generation__cost",
            "edit_ratio",
            "created_at",
            "approved_at",
            "published_at",
        )
    )
    ratings: dict[int, list[int]] = defaultdict(list)
    generation_ids = [row["generation_id"] for row in rows if row["generation_id"]]
    for generation_id, rating in GenerationRating.objects.filter(
        generation_id__in=generation_ids
    ).values_list("generation_id", "rating"):
        ratings[generation_id].append(rating)
    return {
        "template_versions": _groups(rows, ratings, "template_version_id", _version_label),
        "projects": _groups(rows, ratings, "project_id", _project_label),
    }
