from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import WithAnnotations
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.permissions import CallerWorkspaceField, workspace_roles
from aiagency.json_input import JSONInputError, parse_json
from aiagency.queries import CompiledQuery, as_id
from aiagency.redaction import redact_url_credentials
from aiagency.serializers import FieldsBuiltOnce
from generations.batch_links import batch_links
from generations.models import (
    REQUESTABLE_MODES,
    Batch,
    Generation,
    ModelPrice,
    ProviderCredential,
)
from generations.providers import PROVIDER_CHOICES
from generations.selectors import (
    BATCH_INPUT_ROW_STATUSES,
    BatchRunColumns,
    batch_pace,
    batch_settled,
    fallback_reason,
    requested_provider,
)
from generations.services.batch_input import rows_from_upload
from generations.services.batches import BatchInput
from generations.services.labels import provider_label
from generations.services.requests import GenerationInput
from templates_app.models import Template
from templates_app.services.labels import PRODUCTION, with_production_arms

# Called with (PRODUCTION, id): the label's name is the first of the SQL's parameters.
_templates_to_run = CompiledQuery(
    Template,
    lambda _production, template_id: with_production_arms(
        Template.objects.filter(pk=template_id).select_related("workspace", "current_version")
    ),
)


@extend_schema_field(OpenApiTypes.INT)
class CallerTemplateField(serializers.PrimaryKeyRelatedField):
    """A template id, accepted only among the caller's workspaces ("does not exist" otherwise).
    Read with its workspace, current version and `production` label, by a query compiled once:
    every generation request makes it."""

    def get_queryset(self) -> QuerySet[Template]:
        return Template.objects.filter(
            workspace_id__in=list(workspace_roles(self.context["request"]))
        )

    def to_internal_value(self, data: Any) -> Template:
        try:
            template_id = as_id(data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        found = _templates_to_run(PRODUCTION, template_id) if template_id is not None else []
        roles = workspace_roles(self.context["request"])
        if not found or found[0].workspace_id not in roles:
            self.fail("does_not_exist", pk_value=data)
        return found[0]


def _split_key_field() -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_null=True,
        max_length=200,
        help_text=gettext_lazy(
            "Draws a canary split's arm stably: the same key, the same version."
        ),
    )


# What a generation, a batch or a comparison's target runs: a template of the caller's workspaces,
# and its `version` or `label`, not both. (A comment: a docstring would describe the subclasses
# without their own in the API schema.)
class VersionChoiceSerializer(serializers.Serializer):
    template = CallerTemplateField()
    version = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    label = serializers.SlugField(  # type: ignore[assignment]  # the stubs type Field.label (a text)
        required=False,
        allow_null=True,
        max_length=50,
        help_text=gettext_lazy(
            "Run the version this label points at (not with `version`). With neither, "
            "`production` when the template has it, else the current version."
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("version") is not None and attrs.get("label"):
            raise serializers.ValidationError({"label": [_("Send version or label, not both.")]})
        return attrs


# What a generation and a batch both show first (where the run came from) and last (its times).
RUN_ORIGIN_FIELDS = [
    "id",
    "workspace",
    "template",
    "template_name",
    "template_version",
    "label",
    "label_arm",
    "user",
]
RUN_TIMES_FIELDS = ["created_at", "started_at", "finished_at"]


class GenerationCreateSerializer(FieldsBuiltOnce, VersionChoiceSerializer):
    """A generation to run: a template of the caller's workspaces, its version or label, the
    variables, the provider, model and params, the mode, and whether the result cache may
    answer."""

    split_key = _split_key_field()
    variables = serializers.DictField(required=False, default=dict)
    provider = serializers.ChoiceField(choices=PROVIDER_CHOICES, required=False, allow_null=True)
    model = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=120)
    params = serializers.DictField(required=False, default=dict)
    mode = serializers.ChoiceField(choices=REQUESTABLE_MODES, default=Generation.Mode.SYNC)
    cache = serializers.BooleanField(default=True)

    def to_input(self, **overrides: Any) -> GenerationInput:
        data = {**self.validated_data, **overrides}
        return GenerationInput(**_what_to_run(data), variables=data["variables"], mode=data["mode"])


def _what_to_run(data: dict[str, Any]) -> dict[str, Any]:
    """What generations and batches ask alike: template, version or label, provider, model,
    params, cache."""
    return {
        "template": data["template"],
        "version": data.get("version"),
        "label": data.get("label") or None,
        "split_key": data.get("split_key"),
        "provider": data.get("provider"),
        "model": data.get("model") or None,
        "params": data["params"],
        "cache": data["cache"],
    }


class GenerationSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    """A generation as recorded: what was asked (template version, variables, provider, model,
    params), its status and output, its tokens, cost and timings, and who asked for it."""

    template = serializers.IntegerField(source="template_version.template_id", read_only=True)
    template_name = serializers.CharField(source="template_version.template.name", read_only=True)
    template_version = serializers.IntegerField(source="template_version.number", read_only=True)
    user = serializers.EmailField(source="user.email", read_only=True, default=None)
    provider_label = serializers.SerializerMethodField()
    requested_provider = serializers.SerializerMethodField(
        help_text="The provider asked for first (request, template default or workspace default)."
    )
    fallback_reason = serializers.SerializerMethodField(
        help_text="Why another provider than the one asked for ran; null when it did not."
    )
    rating_average = serializers.SerializerMethodField()
    rating_count = serializers.SerializerMethodField()
    my_rating = serializers.SerializerMethodField(help_text="The caller's own rating, if any.")
    content_item = serializers.IntegerField(
        source="content_item_pk",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="The content item saved from this output; null when none.",
    )
    content_edit_ratio = serializers.FloatField(
        read_only=True,
        default=None,
        allow_null=True,
        help_text="How much people changed this output as content: 0 untouched … 1 rewritten "
        "(frozen at approval); null when it was not saved as content.",
    )

    class Meta:
        model = Generation
        fields = [
            *RUN_ORIGIN_FIELDS,
            "variables",
            "rendered_prompt",
            "system_prompt",
            "provider",
            "provider_label",
            "model",
            "params",
            "provider_chain",
            "mode",
            "status",
            "output",
            "error",
            "finish_reason",
            "input_tokens",
            "output_tokens",
            "cost",
            "latency_ms",
            "cache_hit",
            "attempts",
            "requested_provider",
            "fallback_reason",
            "rating_average",
            "rating_count",
            "my_rating",
            "content_item",
            "content_edit_ratio",
            *RUN_TIMES_FIELDS,
        ]
        read_only_fields = fields

    def get_provider_label(self, generation: Generation) -> str:
        return provider_label(generation.provider)

    def get_requested_provider(self, generation: Generation) -> str:
        return requested_provider(generation)

    def get_fallback_reason(self, generation: Generation) -> str | None:
        return fallback_reason(generation)

    # A generation read without `selectors.generation_list()` is one just run: not rated yet.
    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_rating_average(self, generation: Generation) -> float | None:
        average = getattr(generation, "rating_average", None)
        return round(float(average), 2) if average is not None else None

    def get_rating_count(self, generation: Generation) -> int:
        return getattr(generation, "rating_count", 0)

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"rating": {"type": "integer"}, "feedback": {"type": "string"}},
        }
    )
    def get_my_rating(self, generation: Generation) -> dict[str, Any] | None:
        mine = getattr(generation, "caller_ratings", None)
        if not mine:
            return None
        return {"rating": mine[0].rating, "feedback": mine[0].feedback}


class GenerationRetrySerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=REQUESTABLE_MODES, default=Generation.Mode.ASYNC)


class FeedbackSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    feedback = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class ModelPriceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ModelPrice
        fields = [
            "model",
            "label",
            "context_window",
            "input_price_per_mtok",
            "output_price_per_mtok",
        ]
        read_only_fields = fields


class ProviderSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    is_offline = serializers.BooleanField()
    configured = serializers.BooleanField()
    health = serializers.CharField(help_text="Circuit state: closed, open or half_open.")
    models = ModelPriceSerializer(many=True)


class ProviderCredentialSerializer(serializers.ModelSerializer):
    workspace = CallerWorkspaceField(required=False)
    api_key = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=500, default=""
    )

    class Meta:
        model = ProviderCredential
        fields = [
            "id",
            "workspace",
            "provider",
            "api_key",
            "api_key_last4",
            "base_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "api_key_last4", "created_at", "updated_at"]
        # The service replaces a workspace's credential for a provider; no uniqueness error.
        validators: list = []

    def to_representation(self, instance: ProviderCredential) -> dict[str, Any]:
        data = super().to_representation(instance)
        # One saved before credentials in URLs were refused must not show them.
        data["base_url"] = redact_url_credentials(data["base_url"] or "")
        return data

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("api_key") and not attrs.get("base_url"):
            raise serializers.ValidationError({"api_key": [_("Give an API key or a base URL.")]})
        return attrs


# --- batches --------------------------------------------------------------------------------------
@extend_schema_field({"type": "object", "additionalProperties": True})
class JSONObjectField(serializers.DictField):
    """An object, or (in a multipart form) a string holding one as JSON."""

    def get_value(self, dictionary: Any) -> Any:
        # DictField reads a form as `params.key=value` pairs; the dashboard sends one JSON string.
        if self.field_name in dictionary and isinstance(dictionary[self.field_name], str):
            return dictionary[self.field_name]
        return super().get_value(dictionary)

    def to_internal_value(self, data: Any) -> dict:
        if isinstance(data, str):
            try:
                data = parse_json(data) if data.strip() else {}
            except JSONInputError as error:
                raise serializers.ValidationError(
                    f"{error.path}: {error.message}" if error.path else _("Must be a JSON object.")
                ) from None
        return super().to_internal_value(data)


class BatchCreateSerializer(VersionChoiceSerializer):
    split_key = _split_key_field()
    provider = serializers.ChoiceField(choices=PROVIDER_CHOICES, required=False, allow_null=True)
    model = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=120)
    params = JSONObjectField(required=False, default=dict)
    file = serializers.FileField(
        required=False,
        help_text="CSV (comma, semicolon or tab separated, detected) or an Excel workbook (its "
        "first sheet) with a header row of variable names, JSON (a list of objects) or JSON "
        "Lines; the format follows the extension (.csv, .xlsx, .json, .jsonl).",
    )
    rows = serializers.ListField(
        child=serializers.JSONField(),
        required=False,
        help_text="The rows inline, one object of variable values each (instead of `file`).",
    )
    on_invalid = serializers.ChoiceField(choices=Batch.OnInvalid.choices, default="skip")
    dry_run = serializers.BooleanField(
        default=False, help_text="Validate and estimate only: nothing is recorded or run."
    )
    cache = serializers.BooleanField(default=True)

    def get_fields(self) -> dict[str, serializers.Field]:
        # And what the apps above link to a batch (`generations.batch_links`), e.g. `project`.
        fields = super().get_fields()
        fields.update((link.name, link.request_field()) for link in batch_links())
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("file" in attrs) == ("rows" in attrs):
            raise serializers.ValidationError({"file": [_("Send the rows as `file` or `rows`.")]})
        return super().validate(attrs)

    def to_input(self, **overrides: Any) -> BatchInput:
        """The batch asked for, the upload's rows read (a file that cannot be read raises
        `DomainError` naming `file`)."""
        data = {**self.validated_data, **overrides}
        upload = data.get("file")
        rows = rows_from_upload(name=upload.name, content=upload.read()) if upload else data["rows"]
        return BatchInput(
            **_what_to_run(data),
            rows=rows,
            on_invalid=data["on_invalid"],
            source_name=upload.name if upload else "",
            links={
                link.name: data[link.name]
                for link in batch_links()
                if data.get(link.name) is not None
            },
        )


class BatchFileSerializer(BatchCreateSerializer):
    """`manage.py run_batch`: the same checks for a template the command found by slug in its
    workspace, and passes as `to_input(template=...)`."""

    template = None  # type: ignore[assignment]  # DRF drops an inherited field set to None


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="1-based data row; a CSV header is not counted.")
    field = serializers.CharField(allow_null=True, help_text="The variable, or null for the row.")
    message = serializers.CharField()


class BatchDryRunSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    total = serializers.IntegerField(help_text="Rows in the input.")
    valid = serializers.IntegerField()
    invalid = serializers.IntegerField()
    # A declared field, which DRF's metaclass takes out of the class: `.errors` stays the
    # serializer's own, as the stubs declare it.
    errors = RowErrorSerializer(many=True)  # type: ignore[assignment]
    ignored_columns = serializers.ListField(child=serializers.CharField())
    provider = serializers.CharField()
    model = serializers.CharField()
    estimated_input_tokens = serializers.IntegerField()
    estimated_output_tokens = serializers.IntegerField()
    estimated_cost = serializers.DecimalField(max_digits=12, decimal_places=6, allow_null=True)
    currency = serializers.CharField()
    within_budget = serializers.BooleanField(
        allow_null=True, help_text="Null when the workspace has no monthly budget."
    )


class BatchRowSerializer(serializers.Serializer):
    """One input row of a batch (`selectors.batch_row_result`)."""

    row = serializers.IntegerField(help_text="1-based position in the input.")
    status = serializers.ChoiceField(
        choices=BATCH_INPUT_ROW_STATUSES, help_text="`invalid`: refused by validation, not run."
    )
    input = serializers.DictField(help_text="The row's own columns as sent, extra ones too.")
    output = serializers.CharField()
    error = serializers.CharField()
    input_tokens = serializers.IntegerField()
    output_tokens = serializers.IntegerField()
    cost = serializers.DecimalField(max_digits=12, decimal_places=6, allow_null=True)
    generation = serializers.IntegerField(allow_null=True)


class BatchSerializer(serializers.ModelSerializer):
    """A batch with its progress; expects a batch from `selectors.batch_list()`."""

    template = serializers.IntegerField(source="template_version.template_id", read_only=True)
    template_name = serializers.CharField(source="template_version.template.name", read_only=True)
    template_version = serializers.IntegerField(source="template_version.number", read_only=True)
    user = serializers.EmailField(source="user.email", read_only=True, default=None)
    queued = serializers.IntegerField(read_only=True)
    running = serializers.IntegerField(read_only=True)
    succeeded = serializers.IntegerField(read_only=True)
    failed = serializers.IntegerField(read_only=True)
    cancelled = serializers.IntegerField(read_only=True)
    cost = serializers.DecimalField(
        max_digits=14, decimal_places=6, read_only=True, allow_null=True, help_text="USD so far"
    )
    throughput = serializers.SerializerMethodField(help_text="Rows per second in this run.")
    eta_seconds = serializers.SerializerMethodField()
    errors = RowErrorSerializer(many=True, read_only=True)  # type: ignore[assignment]  # as above
    results_available = serializers.SerializerMethodField()

    class Meta:
        model = Batch
        fields = [
            *RUN_ORIGIN_FIELDS,
            "provider",
            "model",
            "params",
            "status",
            "on_invalid",
            "source_name",
            "total",
            "invalid",
            "queued",
            "running",
            "succeeded",
            "failed",
            "cancelled",
            "throughput",
            "eta_seconds",
            "cost",
            "estimated_cost",
            "estimated_input_tokens",
            "estimated_output_tokens",
            "errors",
            "ignored_columns",
            "results_available",
            *RUN_TIMES_FIELDS,
        ]
        read_only_fields = fields

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields.update((link.name, link.answer_field()) for link in batch_links())
        return fields

    # Batches come from batch_list, which annotates what batch_pace reads. (Not in the
    # signatures: drf-spectacular evaluates them, and WithAnnotations takes one argument at run
    # time.)
    def get_throughput(self, batch: Batch) -> float | None:
        return batch_pace(cast("WithAnnotations[Batch, BatchRunColumns]", batch)).throughput

    def get_eta_seconds(self, batch: Batch) -> int | None:
        return batch_pace(cast("WithAnnotations[Batch, BatchRunColumns]", batch)).eta_seconds

    def get_results_available(self, batch: Batch) -> bool:
        return batch_settled(cast("WithAnnotations[Batch, BatchRunColumns]", batch))
