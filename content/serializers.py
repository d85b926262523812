"""Input and output shapes of projects and content items."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User, Workspace
from accounts.permissions import CallerWorkspaceField, workspace_roles
from accounts.serializers import UserSerializer
from content.models import (
    Comment,
    ContentItem,
    Project,
    Revision,
    Transition,
    Webhook,
    WebhookDelivery,
    WebhookEventType,
)
from content.services.transitions import allowed_actions
from generations.models import Generation


class CallerRowField(serializers.PrimaryKeyRelatedField):
    """An id of a row in one of the caller's workspaces ("does not exist" otherwise)."""

    def __init__(self, model: type[Model], lookup: str = "workspace__in", **kwargs: Any) -> None:
        self.model, self.lookup = model, lookup
        kwargs.setdefault("pk_field", serializers.IntegerField())
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        ids = list(workspace_roles(self.context["request"]))
        return self.model._default_manager.filter(**{self.lookup: ids}).distinct()


def _workspace_field() -> CallerWorkspaceField:
    return CallerWorkspaceField(
        required=False, pk_field=serializers.IntegerField(), help_text="Implied by an API key."
    )


def project_field(help_text: str | None = None) -> CallerRowField:
    return CallerRowField(Project, required=False, allow_null=True, help_text=help_text)


def _assignee_field() -> CallerRowField:
    return CallerRowField(
        User, "memberships__workspace__in", required=False, allow_null=True, help_text="A user id."
    )


class ProjectSerializer(serializers.ModelSerializer):
    workspace = _workspace_field()
    slug = serializers.SlugField(max_length=200, required=False)

    class Meta:
        model = Project
        fields = [
            "id",
            "workspace",
            "name",
            "slug",
            "description",
            "due_date",
            "archived",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: list = []  # a taken slug is the service's 409, not a 400


class ProjectUpdateSerializer(ProjectSerializer):
    # Read-only here, where it is a choice among the caller's workspaces on create.
    workspace = serializers.PrimaryKeyRelatedField[Workspace](  # type: ignore[assignment]
        read_only=True
    )


class ProjectRefSerializer(serializers.ModelSerializer):
    """A project named where something shows which one it belongs to (a batch)."""

    class Meta:
        model = Project
        fields = ["id", "name"]
        read_only_fields = fields


class ProjectProgressSerializer(serializers.Serializer):
    due_date = serializers.DateField(allow_null=True)
    items = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Items per status; a status with none is left out.",
    )


class ContentItemSerializer(serializers.ModelSerializer):
    """An item without its body (lists and boards); `ContentItemDetailSerializer` adds it."""

    created_by = UserSerializer(read_only=True, allow_null=True)
    assignee = UserSerializer(read_only=True, allow_null=True)
    reviewer = UserSerializer(read_only=True, allow_null=True)
    template = serializers.IntegerField(
        source="template_id", read_only=True, allow_null=True, help_text="A template id."
    )
    allowed_actions = serializers.SerializerMethodField(
        help_text="The transitions the item's status allows (roles permitting)."
    )

    class Meta:
        model = ContentItem
        fields = [
            "id",
            "workspace",
            "project",
            "title",
            "language",
            "status",
            "revision",
            "edit_ratio",
            "generation",
            "template_version",
            "template",
            "created_by",
            "assignee",
            "reviewer",
            "created_at",
            "updated_at",
            "submitted_at",
            "approved_at",
            "published_at",
            "allowed_actions",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, item: ContentItem) -> list[str]:
        return [action.replace("_", "-") for action in allowed_actions(item.status)]


class ContentItemDetailSerializer(ContentItemSerializer):
    class Meta(ContentItemSerializer.Meta):
        fields = [*ContentItemSerializer.Meta.fields, "body"]
        read_only_fields = fields


class ContentCreateSerializer(serializers.Serializer):
    """Either a text (`body`, `title` defaulting to its first heading or line) or a succeeded
    `generation`, whose output becomes revision 1."""

    workspace = _workspace_field()
    project = project_field()
    generation = CallerRowField(Generation, required=False)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    body = serializers.CharField(required=False, trim_whitespace=False)
    assignee = _assignee_field()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "generation" in attrs and "body" in attrs:
            raise serializers.ValidationError(
                {"generation": [_("Send a generation or a body, not both.")]}
            )
        if "generation" not in attrs and "body" not in attrs:
            raise serializers.ValidationError({"body": [_("Send a body or a generation.")]})
        return attrs


class ContentUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False)
    body = serializers.CharField(required=False, trim_whitespace=False)
    project = project_field()
    assignee = _assignee_field()
    base_revision = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="The revision an edit of title or body started from (or send If-Match).",
    )


class RevisionSerializer(serializers.ModelSerializer):
    author = UserSerializer(
        read_only=True, allow_null=True, help_text="None when revision 1 is a generation's output."
    )

    class Meta:
        model = Revision
        fields = ["number", "title", "body", "author", "edit_ratio", "created_at"]
        read_only_fields = fields


class RevisionDiffOpSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["equal", "insert", "delete"])
    text = serializers.CharField()


class RevisionDiffSerializer(serializers.Serializer):
    from_revision = serializers.IntegerField()
    to_revision = serializers.IntegerField()
    title_changed = serializers.BooleanField()
    ops = RevisionDiffOpSerializer(many=True)


class CommentSerializer(serializers.ModelSerializer):
    author = UserSerializer(read_only=True, allow_null=True)
    resolved_by = UserSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Comment
        fields = ["id", "body", "author", "resolved", "resolved_by", "resolved_at", "created_at"]
        read_only_fields = ["id", "author", "resolved", "resolved_by", "resolved_at", "created_at"]


class CommentResolveSerializer(serializers.Serializer):
    resolved = serializers.BooleanField(default=True)


class TransitionInputSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class TransitionSerializer(serializers.ModelSerializer):
    actor = UserSerializer(read_only=True, allow_null=True)
    comment = CommentSerializer(read_only=True)

    class Meta:
        model = Transition
        fields = ["from_status", "to_status", "actor", "comment", "created_at"]
        read_only_fields = fields


class SaveAsContentSerializer(serializers.Serializer):
    project = project_field("The items' project (null: none); not sent, the batch's own.")


class BatchSavedSerializer(serializers.Serializer):
    batch = serializers.IntegerField(source="batch.pk")
    created = serializers.IntegerField()
    already_saved = serializers.IntegerField()
    not_succeeded = serializers.IntegerField(help_text="Rows that did not succeed: not saved.")
    item_ids = serializers.ListField(child=serializers.IntegerField())


class WebhookSerializer(serializers.ModelSerializer):
    events = serializers.MultipleChoiceField(choices=WebhookEventType.choices)

    class Meta:
        model = Webhook
        fields = [
            "id",
            "url",
            "events",
            "active",
            "consecutive_failures",
            "disabled_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "consecutive_failures",
            "disabled_reason",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, instance: Webhook) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["events"] = sorted(data["events"])
        return data

    def validate_events(self, value: set[str]) -> list[str]:
        return sorted(value)


class WebhookCreatedSerializer(WebhookSerializer):
    """The hook as created, with its signing secret: the one time it is shown."""

    secret = serializers.CharField(read_only=True)

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    event = serializers.UUIDField(source="event_id", read_only=True)
    type = serializers.CharField(source="event.type", read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event",
            "type",
            "status",
            "attempts",
            "status_code",
            "latency_ms",
            "error",
            "created_at",
            "last_attempt_at",
            "delivered_at",
        ]
        read_only_fields = fields
