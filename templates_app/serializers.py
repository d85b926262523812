"""Template input and output shapes.

Input is flat (meta and content side by side); the deep rules (variable schema, defaults, the body
against the schema, tags) are the services' and answer with the same field names. Output nests the
current version, as `current_version`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from accounts.permissions import CallerWorkspaceField
from accounts.serializers import UserSerializer
from aiagency.languages import LANGUAGE_TAG_MAX_LENGTH
from templates_app.models import Label, LabelMove, Template, TemplateVersion
from templates_app.services.content import META_FIELDS
from templates_app.services.labels import MAX_ARMS, TOTAL_WEIGHT, Arm


def _workspace_field() -> CallerWorkspaceField:
    # pk_field types the id in the OpenAPI schema (these serializers have no model to tell it).
    return CallerWorkspaceField(
        required=False, pk_field=serializers.IntegerField(), help_text="Implied by an API key."
    )


class TemplateVersionSerializer(serializers.ModelSerializer[TemplateVersion]):
    created_by = UserSerializer(read_only=True)

    class Meta:
        model = TemplateVersion
        fields = [
            "number",
            "body",
            "system_prompt",
            "variables",
            "defaults",
            "changelog",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class ReleaseGateSerializer(serializers.Serializer[dict[str, Any]]):
    # The API's name; the stubs type a field's own `label` attribute, which this shadows.
    label = serializers.SlugField(max_length=50)  # type: ignore[assignment]
    dataset = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    min_pass_rate = serializers.FloatField(
        min_value=0,
        max_value=1,
        # xgettext:no-python-format (a percent sign, not a placeholder)
        help_text=gettext_lazy("A fraction: 0.9 means 90 % of the rows pass."),
    )
    provider = serializers.CharField(required=False, allow_blank=True, max_length=40)
    model = serializers.CharField(required=False, allow_blank=True, max_length=120)

    def validate_label(self, name: str) -> str:
        return name.lower()


class TemplateSerializer(serializers.ModelSerializer[Template]):
    created_by = UserSerializer(read_only=True)
    current_version = TemplateVersionSerializer(read_only=True)
    release_gates = ReleaseGateSerializer(many=True, read_only=True)

    class Meta:
        model = Template
        fields = [
            "id",
            "workspace",
            *META_FIELDS,
            "release_gates",
            "current_version",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class TemplateWrittenSerializer(TemplateSerializer):
    """A template after a write, with what the write did."""

    version_created = serializers.BooleanField(
        read_only=True, help_text="Whether this write created a new version."
    )
    warnings = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Things worth a look that did not stop the write (e.g. unused variables).",
    )

    class Meta(TemplateSerializer.Meta):
        fields = [*TemplateSerializer.Meta.fields, "version_created", "warnings"]
        read_only_fields = fields


class TemplateUpdateSerializer(serializers.Serializer[None]):  # input only
    name = serializers.CharField(max_length=200)
    slug = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    category = serializers.CharField(max_length=100, required=False, allow_blank=True)
    tags = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    language = serializers.CharField(
        max_length=LANGUAGE_TAG_MAX_LENGTH,
        required=False,
        help_text="BCP 47 (pt-BR, en); a new template takes its workspace's language.",
    )
    body = serializers.CharField(trim_whitespace=False)
    system_prompt = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    variables = serializers.JSONField(required=False, help_text="A list of variables.")
    defaults = serializers.JSONField(required=False, help_text="{provider, model, params}.")
    changelog = serializers.CharField(max_length=500, required=False, allow_blank=True)
    base_version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="The version this edit started from (or send it as an If-Match header).",
    )


class TemplateCreateSerializer(TemplateUpdateSerializer):
    workspace = _workspace_field()
    base_version = None  # type: ignore[assignment]  # DRF drops an inherited field set to None


class RestoreSerializer(serializers.Serializer[None]):  # input only
    version = serializers.IntegerField(min_value=1, help_text="The version to copy.")
    base_version = serializers.IntegerField(min_value=1, required=False)
    changelog = serializers.CharField(max_length=500, required=False, allow_blank=True)


class PreviewSerializer(serializers.Serializer[None]):  # input only
    variables = serializers.JSONField(required=False, default=dict)
    version = serializers.IntegerField(
        min_value=1, required=False, help_text="Defaults to the current version."
    )
    provider = serializers.CharField(max_length=100, required=False)
    model = serializers.CharField(max_length=100, required=False)
    output_tokens = serializers.IntegerField(
        min_value=0,
        max_value=1_000_000,
        required=False,
        help_text="Expected answer length for the cost; defaults to params.max_tokens, else 0.",
    )


class PreviewResultSerializer(serializers.Serializer[dict[str, Any]]):
    version = serializers.IntegerField()
    system_prompt = serializers.CharField()
    prompt = serializers.CharField()
    provider = serializers.CharField()
    model = serializers.CharField()
    input_tokens = serializers.IntegerField()
    token_method = serializers.CharField(
        help_text="tiktoken:<encoding> when exact, approximation:chars/4 otherwise."
    )
    output_tokens = serializers.IntegerField()
    cost = serializers.DecimalField(
        max_digits=14, decimal_places=6, allow_null=True, help_text="null for an unknown model."
    )
    cost_line = serializers.CharField(
        help_text='The cost in words, for the provider that would run: "free: offline draft", '
        "a price, or why there is none (an unpriced model, a provider not configured)."
    )
    currency = serializers.CharField()


class DiffSerializer(serializers.Serializer[dict[str, Any]]):
    from_version = serializers.IntegerField()
    to_version = serializers.IntegerField()
    body = serializers.CharField(help_text="A unified diff; empty when equal.")
    system_prompt = serializers.CharField()
    variables = serializers.CharField()
    defaults = serializers.CharField()


class ImportSerializer(serializers.Serializer[None]):  # input only
    file = serializers.ListField(
        child=serializers.FileField(),
        allow_empty=False,
        help_text="One or more .json, .yaml, .csv or .md files (repeat the field).",
    )
    workspace = _workspace_field()
    dry_run = serializers.BooleanField(default=False)


class ImportResultSerializer(serializers.Serializer[dict[str, Any]]):
    dry_run = serializers.BooleanField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    failed = serializers.IntegerField()
    items = serializers.ListField(child=serializers.DictField())
    # A declared field, which DRF's metaclass takes out of the class: `.errors` stays the
    # serializer's own, as the stubs declare it.
    errors = serializers.ListField(child=serializers.DictField())  # type: ignore[assignment]


class ExportSerializer(serializers.Serializer[None]):  # input only
    workspace = _workspace_field()
    format = serializers.ChoiceField(choices=["json", "yaml"], default="json")


# --- labels and release gates ---------------------------------------------------------------------
class ArmSerializer(serializers.Serializer[Arm]):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    weight = serializers.IntegerField(min_value=1, max_value=TOTAL_WEIGHT)


class LabelSerializer(serializers.ModelSerializer[Label]):
    version = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "The version, when the label points at one; null for a canary split."
        )
    )
    versions = ArmSerializer(source="arms", many=True, read_only=True)
    updated_by = UserSerializer(read_only=True)

    class Meta:
        model = Label
        fields = ["name", "version", "versions", "updated_by", "created_at", "updated_at"]
        read_only_fields = fields

    def get_version(self, label: Label) -> int | None:
        return label.arms[0]["version"] if len(label.arms) == 1 else None


class LabelSetSerializer(serializers.Serializer[None]):  # input only
    """`{name, version}` or `{name, versions: [{version, weight}, ...]}` (a canary split)."""

    name = serializers.SlugField(max_length=50)
    version = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    versions = ArmSerializer(many=True, required=False)
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=500)
    force = serializers.BooleanField(
        default=False,
        help_text=gettext_lazy("Owners: move past the label's release gates (needs a reason)."),
    )

    def validate_name(self, name: str) -> str:
        return name.lower()

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if ("version" in data) == ("versions" in data):
            raise serializers.ValidationError({"version": [_("Send either version or versions.")]})
        if "version" in data:
            data["arms"] = [Arm(version=data.pop("version"), weight=TOTAL_WEIGHT)]
        else:
            data["arms"] = _arms(data.pop("versions"))
        if data["force"] and not data["reason"].strip():
            raise serializers.ValidationError({"reason": [_("A forced move needs a reason.")]})
        return data


def _arms(raw: list[dict[str, int]]) -> list[Arm]:
    if not 1 <= len(raw) <= MAX_ARMS:
        raise serializers.ValidationError(
            {"versions": [_("A label points at 1 to %(max)d versions.") % {"max": MAX_ARMS}]}
        )
    arms = [Arm(version=arm["version"], weight=arm["weight"]) for arm in raw]
    if len({arm.version for arm in arms}) != len(arms):
        raise serializers.ValidationError({"versions": [_("Each version may appear once.")]})
    if sum(arm.weight for arm in arms) != TOTAL_WEIGHT:
        raise serializers.ValidationError(
            {"versions": [_("The weights must add up to %(total)d.") % {"total": TOTAL_WEIGHT}]}
        )
    return arms


class LabelDeleteSerializer(serializers.Serializer[None]):  # input only
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=500)
    force = serializers.BooleanField(
        default=False, help_text=gettext_lazy("Owners: delete a gated label.")
    )


class LabelMoveSerializer(serializers.ModelSerializer[LabelMove]):
    user = UserSerializer(read_only=True)
    from_versions = ArmSerializer(source="from_arms", many=True, read_only=True)
    to_versions = ArmSerializer(source="to_arms", many=True, read_only=True)

    class Meta:
        model = LabelMove
        fields = [
            "id",
            "label",
            "from_versions",
            "to_versions",
            "reason",
            "forced",
            "user",
            "created_at",
        ]
        read_only_fields = fields


MAX_RELEASE_GATES = 20


class ReleaseGatesSerializer(serializers.Serializer[None]):  # input only
    release_gates = serializers.ListField(
        child=ReleaseGateSerializer(), max_length=MAX_RELEASE_GATES
    )
