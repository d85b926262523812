"""Query parameters of the analytics API, and the shapes it answers (for the OpenAPI schema).

Every report takes `workspace` (required: one of the caller's), `start` and `end` (local dates in
`tz`, both included; default: the 30 days ending today) and `tz` (an IANA name, default the
caller's own `time_zone`, given as the context's `default_tz`, else UTC).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from aiagency.queries import LARGEST_ID
from analytics.selectors.period import Period

DEFAULT_DAYS = 30
MAX_DAYS = 366
MAX_HOURLY_DAYS = 31
METRIC_CHOICES = ["count", "cost", "tokens", "latency_p95", "error_rate"]
GROUP_CHOICES = ["provider", "model", "template", "user", "status"]


class PeriodQuerySerializer(serializers.Serializer):
    workspace = serializers.IntegerField(
        min_value=1, max_value=LARGEST_ID, help_text="A workspace you are a member of."
    )
    start = serializers.DateField(
        required=False, help_text="First local day (default: 29 days before `end`)."
    )
    end = serializers.DateField(
        required=False, help_text="Last local day, included (default: today in `tz`)."
    )
    tz = serializers.CharField(
        required=False,
        max_length=64,
        help_text="IANA time zone, e.g. America/Sao_Paulo (default: your profile's `time_zone`).",
    )

    def validate_tz(self, value: str) -> ZoneInfo:
        try:
            return ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise serializers.ValidationError(
                _("Unknown time zone “%(name)s”.") % {"name": value}
            ) from error

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        tz = attrs.get("tz") or ZoneInfo(self.context.get("default_tz", "UTC"))
        attrs["tz"] = tz
        end = attrs.get("end") or datetime.now(tz).date()
        start = attrs.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise serializers.ValidationError({"start": [_("Must not be after `end`.")]})
        if (end - start).days + 1 > MAX_DAYS:
            raise serializers.ValidationError(
                {"start": [_("A period is at most %(days)d days.") % {"days": MAX_DAYS}]}
            )
        attrs["period"] = Period(start=start, end=end, tz=tz)
        return attrs


class TimeseriesQuerySerializer(PeriodQuerySerializer):
    metric = serializers.ChoiceField(choices=METRIC_CHOICES, default="count")
    interval = serializers.ChoiceField(choices=["day", "hour"], default="day")
    group_by = serializers.ChoiceField(choices=GROUP_CHOICES, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        period = attrs["period"]
        if attrs["interval"] == "hour" and len(period.days()) > MAX_HOURLY_DAYS:
            raise serializers.ValidationError(
                {
                    "interval": [
                        _("Hourly series cover at most %(days)d days.") % {"days": MAX_HOURLY_DAYS}
                    ]
                }
            )
        return attrs


class UsageReportQuerySerializer(TimeseriesQuerySerializer):
    """`metric` is ignored: the report has every figure."""


class TopTemplatesQuerySerializer(PeriodQuerySerializer):
    order_by = serializers.ChoiceField(choices=["generations", "cost"], default="generations")
    limit = serializers.IntegerField(min_value=1, max_value=100, default=10)


# --- answers, for the schema ----------------------------------------------------------------------
class FiguresSerializer(serializers.Serializer):
    generations = serializers.IntegerField(help_text="Finished generations (in-flight ones wait).")
    succeeded = serializers.IntegerField()
    failed = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    success_rate = serializers.FloatField(allow_null=True, help_text="succeeded / generations")
    error_rate = serializers.FloatField(allow_null=True, help_text="failed / generations")
    cache_hits = serializers.IntegerField()
    cache_hit_ratio = serializers.FloatField(allow_null=True)
    input_tokens = serializers.IntegerField()
    output_tokens = serializers.IntegerField()
    cost = serializers.DecimalField(max_digits=18, decimal_places=6, help_text="USD")
    latency_p50_ms = serializers.FloatField(allow_null=True)
    latency_p95_ms = serializers.FloatField(allow_null=True)
    average_rating = serializers.FloatField(allow_null=True)
    ratings = serializers.IntegerField()
    fallbacks = serializers.IntegerField()


class SummarySerializer(FiguresSerializer):
    workspace = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    tz = serializers.CharField()


class PointSerializer(serializers.Serializer):
    t = serializers.DateTimeField(help_text="Start of the bucket, with the zone's offset.")
    value = serializers.FloatField(allow_null=True)


class SeriesSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="Group value; null for everything.")
    id = serializers.IntegerField(allow_null=True, help_text="Template or user id.")
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    total_generations = serializers.IntegerField()
    points = PointSerializer(many=True)


class TimeseriesSerializer(serializers.Serializer):
    interval = serializers.CharField()
    metric = serializers.CharField()
    group_by = serializers.CharField(allow_null=True)
    start = serializers.DateField()
    end = serializers.DateField()
    tz = serializers.CharField()
    series = SeriesSerializer(many=True)


class TopTemplateSerializer(FiguresSerializer):
    template_id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class ModelFiguresSerializer(FiguresSerializer):
    model = serializers.CharField()


class ProviderFiguresSerializer(FiguresSerializer):
    provider = serializers.CharField()
    models = ModelFiguresSerializer(many=True)


class TopTemplatesSerializer(serializers.Serializer):
    results = TopTemplateSerializer(many=True)


class ProvidersSerializer(serializers.Serializer):
    results = ProviderFiguresSerializer(many=True)


class QualityRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        allow_null=True, help_text="Template version or project id; null: none."
    )
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    items_created = serializers.IntegerField()
    items_approved = serializers.IntegerField()
    items_published = serializers.IntegerField()
    approval_rate = serializers.FloatField(allow_null=True)
    edit_ratio_median = serializers.FloatField(allow_null=True)
    edit_ratio_p90 = serializers.FloatField(allow_null=True)
    time_to_approval_median_seconds = serializers.FloatField(allow_null=True)
    rating_mean = serializers.FloatField(allow_null=True)
    cost_per_approved_item = serializers.DecimalField(
        max_digits=14, decimal_places=6, allow_null=True
    )


class QualitySerializer(serializers.Serializer):
    workspace = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    tz = serializers.CharField()
    template_versions = QualityRowSerializer(many=True)
    projects = QualityRowSerializer(many=True)


# --- per template version -------------------------------------------------------------------------
class VersionsQuerySerializer(serializers.Serializer):
    template = serializers.IntegerField(
        min_value=1, max_value=LARGEST_ID, help_text="A template of one of your workspaces."
    )


class ArmFiguresSerializer(FiguresSerializer):
    """The summary's figures, and what became of the content made from the generations."""

    content_items = serializers.IntegerField(help_text="Content items made from these generations.")
    content_approved = serializers.IntegerField(help_text="Of those, approved (or published).")
    approval_rate = serializers.FloatField(
        allow_null=True, help_text="content_approved / content_items"
    )
    edit_ratio_median = serializers.FloatField(
        allow_null=True, help_text="Median edit_ratio of the approved items (0 untouched … 1)."
    )


class LabelFiguresSerializer(ArmFiguresSerializer):
    label = serializers.CharField(  # type: ignore[assignment]  # a field, not Field.label
        help_text='The label the generations ran through; "" for none (a version by number).'
    )
    arm = serializers.IntegerField(
        allow_null=True, help_text="The canary arm drawn (its index in the label's versions)."
    )


class VersionFiguresSerializer(ArmFiguresSerializer):
    version = serializers.IntegerField()
    evaluations = serializers.IntegerField(help_text="Finished evaluations of this version.")
    evaluation_pass_rate = serializers.FloatField(
        allow_null=True, help_text="The best pass rate of its finished evaluations."
    )
    best_evaluation = serializers.IntegerField(allow_null=True)
    latest_evaluation_pass_rate = serializers.FloatField(allow_null=True)
    latest_evaluation = serializers.IntegerField(allow_null=True)
    labels = LabelFiguresSerializer(many=True)


class VersionsSerializer(serializers.Serializer):
    workspace = serializers.IntegerField()
    template = serializers.IntegerField()
    versions = VersionFiguresSerializer(many=True)
