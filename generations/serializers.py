from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.permissions import CallerWorkspaceField, workspace_roles
from generations.models import REQUESTABLE_MODES, Generation, ModelPrice, ProviderCredential
from generations.providers import PROVIDER_CHOICES, PROVIDER_LABELS
from generations.services.requests import GenerationInput
from templates_app.models import Template


@extend_schema_field(OpenApiTypes.INT)
class CallerTemplateField(serializers.PrimaryKeyRelatedField):
    """A template id, accepted only among the caller's workspaces ("does not exist" otherwise)."""

    def get_queryset(self) -> QuerySet[Template]:
        roles = workspace_roles(self.context["request"])
        return Template.objects.filter(workspace_id__in=list(roles)).select_related(
            "workspace", "current_version"
        )


class GenerationCreateSerializer(serializers.Serializer):
    template = CallerTemplateField()
    version = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    variables = serializers.DictField(required=False, default=dict)
    provider = serializers.ChoiceField(choices=PROVIDER_CHOICES, required=False, allow_null=True)
    model = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=120)
    params = serializers.DictField(required=False, default=dict)
    mode = serializers.ChoiceField(choices=REQUESTABLE_MODES, default=Generation.Mode.SYNC)
    cache = serializers.BooleanField(default=True)

    def to_input(self, **overrides: Any) -> GenerationInput:
        data = {**self.validated_data, **overrides}
        return GenerationInput(
            template=data["template"],
            variables=data["variables"],
            version=data.get("version"),
            provider=data.get("provider"),
            model=data.get("model") or None,
            params=data["params"],
            mode=data["mode"],
            cache=data["cache"],
        )


class GenerationSerializer(serializers.ModelSerializer):
    template = serializers.IntegerField(source="template_version.template_id", read_only=True)
    template_name = serializers.CharField(source="template_version.template.name", read_only=True)
    template_version = serializers.IntegerField(source="template_version.number", read_only=True)
    user = serializers.EmailField(source="user.email", read_only=True, default=None)
    provider_label = serializers.SerializerMethodField()

    class Meta:
        model = Generation
        fields = [
            "id",
            "workspace",
            "template",
            "template_name",
            "template_version",
            "user",
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
            "rating",
            "feedback",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_provider_label(self, generation: Generation) -> str:
        return PROVIDER_LABELS.get(generation.provider, generation.provider)


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
    label = serializers.CharField()
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

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("api_key") and not attrs.get("base_url"):
            raise serializers.ValidationError({"api_key": ["Give an API key or a base URL."]})
        return attrs
