"""Hourly rollups of finished generations, and how far they reach.

Rollups are kept per UTC hour, not per day: a day in any time zone whose offset is a whole number of
hours is a run of whole UTC hours, so one table answers day buckets for Lisbon, New York or Tokyo
alike (see `analytics.selectors.usage` for zones with a half-hour offset). Two tables split the
dimensions so that each stays small: by route (provider, model, status) for the summary and most
series, by template and user for the breakdowns that need them. Both carry the same measures, and
a latency histogram (`analytics.histogram`) because percentiles cannot be summed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Workspace, person_field
from analytics.histogram import FIELDS as HISTOGRAM_FIELDS


class RollupMeasures(models.Model):
    """What an hour of generations adds up to; every figure can be summed across rows."""

    generations = models.PositiveIntegerField(default=0)
    succeeded = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    cache_hits = models.PositiveIntegerField(default=0)
    fallbacks = models.PositiveIntegerField(
        default=0, help_text=_("answered by another provider/model than the first in the chain")
    )
    input_tokens = models.PositiveBigIntegerField(default=0)
    output_tokens = models.PositiveBigIntegerField(default=0)
    cost = models.DecimalField(max_digits=18, decimal_places=6, default=0)
    latency_count = models.PositiveIntegerField(default=0)
    latency_sum_ms = models.PositiveBigIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


# One column per latency bucket (h00 … h65): summed by the database like any other measure, which
# a JSON array could not be on both SQLite and PostgreSQL.
for _name in HISTOGRAM_FIELDS:
    RollupMeasures.add_to_class(_name, models.PositiveIntegerField(default=0))


class HourlyRollup(RollupMeasures):
    """Finished generations of one UTC hour, by provider, model and status."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField(help_text=_("start of the UTC hour"))
    provider = models.CharField(max_length=40)
    model = models.CharField(max_length=120)
    status = models.CharField(max_length=12)

    class Meta:
        ordering = ["workspace_id", "hour", "provider", "model", "status"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "hour", "provider", "model", "status"],
                name="unique_hourly_rollup",
            )
        ]
        verbose_name = _("hourly rollup")
        verbose_name_plural = _("hourly rollups")

    def __str__(self) -> str:
        return f"{self.workspace_id} {self.hour:%Y-%m-%d %H}h {self.provider}/{self.model}"


class HourlyTemplateRollup(RollupMeasures):
    """Finished generations of one UTC hour, by template and user."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField(help_text=_("start of the UTC hour"))
    template = models.ForeignKey(
        "templates_app.Template", on_delete=models.CASCADE, related_name="+"
    )
    user = person_field()

    class Meta:
        ordering = ["workspace_id", "hour", "template_id", "user_id"]
        indexes = [models.Index(fields=["workspace", "hour"])]
        verbose_name = _("hourly template rollup")
        verbose_name_plural = _("hourly template rollups")

    def __str__(self) -> str:
        return f"{self.workspace_id} {self.hour:%Y-%m-%d %H}h template {self.template_id}"


class RollupState(models.Model):
    """How far the rollups reach: every hour before `rolled_up_to` is in the rollup tables, every
    later one is read from generations directly. One row, `name="hourly"`."""

    name = models.CharField(max_length=40, primary_key=True)
    rolled_up_to = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.rolled_up_to}"
