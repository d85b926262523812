"""Datasets, their rows, evaluations and their comparison; side-by-side comparisons."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.permissions import CallerWorkspaceField, workspace_roles
from evaluations.checks import MAX_CHECKS
from evaluations.models import (
    Comparison,
    ComparisonTarget,
    Dataset,
    DatasetRow,
    Evaluation,
    EvaluationResult,
)
from evaluations.selectors import evaluation_figures
from evaluations.services.comparisons import (
    ENDED,
    MAX_TARGETS,
    MIN_TARGETS,
    ComparisonInput,
    TargetInput,
)
from evaluations.services.datasets import MAX_REFERENCE_LENGTH
from evaluations.services.evaluations import EvaluationInput
from generations.models import Batch, Generation
from generations.providers import PROVIDER_CHOICES
from generations.serializers import CallerTemplateField, VersionChoiceSerializer


class _CallerWorkspaceRows(serializers.PrimaryKeyRelatedField[Any]):
    """An id among the caller's workspaces' rows of `model` ("does not exist" otherwise)."""

    def __init__(self, model: type[Dataset | Batch], **kwargs: Any) -> None:
        self.model = model
        super().__init__(
            queryset=model.objects.all(), pk_field=serializers.IntegerField(), **kwargs
        )

    def get_queryset(self) -> Any:
        roles = workspace_roles(self.context["request"])
        return self.model.objects.filter(workspace_id__in=list(roles))


class DatasetSerializer(serializers.ModelSerializer):
    workspace = CallerWorkspaceField(
        required=False,
        pk_field=serializers.IntegerField(),
        help_text=gettext_lazy("Implied by an API key."),
    )
    template = CallerTemplateField(required=False, allow_null=True)
    checks = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        max_length=MAX_CHECKS,
        help_text=gettext_lazy(
            "[{type, name?, ...}]: contains, not_contains, regex, word_count, char_count, "
            "json_schema, similarity, llm_judge (see the README)."
        ),
    )
    row_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Dataset
        fields = [
            "id",
            "workspace",
            "name",
            "template",
            "checks",
            "row_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "row_count", "created_at", "updated_at"]

    def to_representation(self, instance: Dataset) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["template"] = instance.template_id
        return data


class DatasetRowSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=MAX_REFERENCE_LENGTH
    )

    class Meta:
        model = DatasetRow
        fields = ["position", "variables", "reference"]
        read_only_fields = ["position"]


class DatasetRowsAddSerializer(serializers.Serializer):
    rows = DatasetRowSerializer(many=True, allow_empty=False)


class DatasetImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=gettext_lazy("CSV, JSON, JSON Lines or .xlsx; a `reference` column.")
    )


class DatasetCopyBatchSerializer(serializers.Serializer):
    batch = _CallerWorkspaceRows(Batch)


class RowsAddedSerializer(serializers.Serializer):
    added = serializers.IntegerField()


class EvaluationCreateSerializer(serializers.Serializer):
    template = CallerTemplateField()
    dataset = _CallerWorkspaceRows(Dataset)
    version = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    label = serializers.SlugField(required=False, max_length=50)  # type: ignore[assignment]
    provider = serializers.ChoiceField(choices=PROVIDER_CHOICES, required=False, allow_null=True)
    model = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=120)
    params = serializers.DictField(required=False, default=dict)
    cache = serializers.BooleanField(default=True)

    def validate(self, data: dict) -> dict:
        if "version" in data and "label" in data:
            raise serializers.ValidationError({"label": [_("Send version or label, not both.")]})
        return data

    def to_input(self) -> EvaluationInput:
        data = self.validated_data
        return EvaluationInput(
            template=data["template"],
            dataset=data["dataset"],
            version=data.get("version"),
            label=data.get("label"),
            provider=data.get("provider"),
            model=data.get("model") or None,
            params=data["params"],
            cache=data["cache"],
        )


class EvaluationResultSerializer(serializers.ModelSerializer):
    # Declared fields are not covered by Meta's read_only_fields: each says it (an answer's
    # field, always present, as the schema then publishes it).
    variables = serializers.JSONField(source="dataset_row.variables", default=None, read_only=True)
    reference = serializers.CharField(source="dataset_row.reference", default="", read_only=True)
    output = serializers.CharField(source="generation.output", default="", read_only=True)
    status = serializers.CharField(source="generation.status", default="invalid", read_only=True)
    # None when the row has no generation (its variables did not fit the template) or the
    # generation has not reported them (failed, still running).
    cost = serializers.DecimalField(
        source="generation.cost",
        max_digits=12,
        decimal_places=6,
        default=None,
        allow_null=True,
        read_only=True,
    )
    latency_ms = serializers.IntegerField(
        source="generation.latency_ms", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = EvaluationResult
        fields = [
            "position",
            "variables",
            "reference",
            "generation",
            "status",
            "output",
            "passed",
            "score",
            "checks",
            "error",
            "cost",
            "latency_ms",
        ]
        read_only_fields = fields


class EvaluationSerializer(serializers.ModelSerializer):
    template = serializers.IntegerField(source="template_version.template_id", read_only=True)
    version = serializers.IntegerField(source="template_version.number", read_only=True)
    progress = serializers.SerializerMethodField()
    cost = serializers.SerializerMethodField(
        help_text=gettext_lazy("USD: the rows plus the judge's calls.")
    )
    latency_mean_ms = serializers.SerializerMethodField()
    latency_p50_ms = serializers.SerializerMethodField()

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "workspace",
            "template",
            "version",
            "label",
            "dataset",
            "batch",
            "provider",
            "model",
            "params",
            "checks",
            "status",
            "progress",
            "total",
            "passed",
            "pass_rate",
            "check_scores",
            "cost",
            "judge_cost",
            "latency_mean_ms",
            "latency_p50_ms",
            "error",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields

    def _figures(self, evaluation: Evaluation) -> Any:
        cached = getattr(evaluation, "_figures", None)
        if cached is None:
            cached = evaluation._figures = evaluation_figures(evaluation)  # type: ignore[attr-defined]
        return cached

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"done": {"type": "integer"}, "total": {"type": "integer"}},
        }
    )
    def get_progress(self, evaluation: Evaluation) -> dict[str, int]:
        figures = self._figures(evaluation)
        return {"done": figures.done, "total": figures.total}

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_cost(self, evaluation: Evaluation) -> str:
        return str(self._figures(evaluation).cost)

    @extend_schema_field(OpenApiTypes.FLOAT)
    def get_latency_mean_ms(self, evaluation: Evaluation) -> float | None:
        return self._figures(evaluation).latency_mean_ms

    @extend_schema_field(OpenApiTypes.FLOAT)
    def get_latency_p50_ms(self, evaluation: Evaluation) -> float | None:
        return self._figures(evaluation).latency_p50_ms


class EvaluationDetailSerializer(EvaluationSerializer):
    results = EvaluationResultSerializer(many=True, read_only=True)

    class Meta(EvaluationSerializer.Meta):
        fields = [*EvaluationSerializer.Meta.fields, "results"]
        read_only_fields = fields


class ComparedSideSerializer(serializers.Serializer):
    passed = serializers.BooleanField()
    score = serializers.FloatField(allow_null=True)
    checks = serializers.ListField(child=serializers.DictField())
    error = serializers.CharField()
    output = serializers.CharField()
    cost = serializers.DecimalField(max_digits=12, decimal_places=6, allow_null=True)


class ComparedRowSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    variables = serializers.DictField()
    winner = serializers.ChoiceField(choices=["a", "b", "tie"])
    a = ComparedSideSerializer(allow_null=True)
    b = ComparedSideSerializer(allow_null=True)


class EvaluationComparisonSerializer(serializers.Serializer):
    a = EvaluationSerializer()
    b = EvaluationSerializer()
    wins = serializers.IntegerField(help_text=gettext_lazy("Rows where `a` did better."))
    losses = serializers.IntegerField(help_text=gettext_lazy("Rows where `b` did better."))
    ties = serializers.IntegerField()
    rows = ComparedRowSerializer(many=True)


# --- side-by-side comparisons ---------------------------------------------------------------------
class ComparisonTargetInputSerializer(VersionChoiceSerializer):
    provider = serializers.ChoiceField(choices=PROVIDER_CHOICES, required=False, allow_null=True)
    model = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=120)
    params = serializers.DictField(required=False, default=dict)


class ComparisonCreateSerializer(serializers.Serializer):
    variables = serializers.DictField(required=False, default=dict)
    # A list field rather than `many=True`: its length errors name `targets` itself.
    targets = serializers.ListField(
        child=ComparisonTargetInputSerializer(), min_length=MIN_TARGETS, max_length=MAX_TARGETS
    )

    def to_input(self) -> ComparisonInput:
        targets = [
            TargetInput(
                template=target["template"],
                version=target.get("version"),
                label=target.get("label") or None,
                provider=target.get("provider"),
                model=target.get("model") or None,
                params=target["params"],
            )
            for target in self.validated_data["targets"]
        ]
        return ComparisonInput(variables=self.validated_data["variables"], targets=targets)


class ComparisonTargetSerializer(serializers.ModelSerializer):
    """A target as its generation ran it: the version and label resolved, the provider and model
    that answered, and the outcome."""

    template = serializers.IntegerField(source="generation.template_version.template_id")
    version = serializers.IntegerField(source="generation.template_version.number")
    label = serializers.CharField(source="generation.label")  # type: ignore[assignment]
    label_arm = serializers.IntegerField(source="generation.label_arm", allow_null=True)
    provider = serializers.CharField(source="generation.provider")
    model = serializers.CharField(source="generation.model")
    params = serializers.DictField(source="generation.params")
    status = serializers.ChoiceField(source="generation.status", choices=Generation.Status.choices)
    output = serializers.CharField(source="generation.output")
    error = serializers.CharField(source="generation.error")
    input_tokens = serializers.IntegerField(source="generation.input_tokens", allow_null=True)
    output_tokens = serializers.IntegerField(source="generation.output_tokens", allow_null=True)
    cost = serializers.DecimalField(
        source="generation.cost", max_digits=12, decimal_places=6, allow_null=True
    )
    latency_ms = serializers.IntegerField(source="generation.latency_ms", allow_null=True)

    class Meta:
        model = ComparisonTarget
        fields = [
            "index",
            "generation",
            "template",
            "version",
            "label",
            "label_arm",
            "provider",
            "model",
            "params",
            "status",
            "output",
            "error",
            "input_tokens",
            "output_tokens",
            "cost",
            "latency_ms",
        ]
        read_only_fields = fields


class ComparisonSerializer(serializers.ModelSerializer):
    targets = ComparisonTargetSerializer(many=True, read_only=True)
    status = serializers.SerializerMethodField(
        help_text=gettext_lazy("`finished` once every target's generation has ended.")
    )

    class Meta:
        model = Comparison
        fields = ["id", "workspace", "variables", "status", "targets", "created_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=Comparison.Status.choices))
    def get_status(self, comparison: Comparison) -> str:
        ended = all(target.generation.status in ENDED for target in comparison.targets.all())
        return Comparison.Status.FINISHED if ended else Comparison.Status.RUNNING
