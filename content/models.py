"""Content: what a team does with generated text (edit, review, approve, publish, export).

A `ContentItem` keeps its current title and body; every saved change of either is also an immutable
`Revision`, the first being the AI's output, so `edit_ratio` can always be measured against it. Each
status change is a `Transition` row (who, when, from, to, and the comment that came with it).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import TimeStamped, Workspace, person_field
from aiagency.languages import LANGUAGE_TAG_MAX_LENGTH


class Project(TimeStamped):
    """A campaign or a client brief that content belongs to."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    created_by = person_field()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "slug"], name="unique_project_slug")
        ]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name


class BatchProject(models.Model):
    """The project a batch belongs to: its rows saved as content go there unless told otherwise.
    Here, not a column of `Batch`, because the generations app sits below this one (it reaches
    this link through `generations.batch_links`, registered in `ContentConfig.ready`)."""

    batch = models.OneToOneField(
        "generations.Batch", on_delete=models.CASCADE, primary_key=True, related_name="project_link"
    )
    # Deleting the project keeps its batches, as it keeps its items.
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="batch_links")

    class Meta:
        verbose_name = _("batch's project")
        verbose_name_plural = _("batches' projects")

    def __str__(self) -> str:
        return f"batch {self.batch_id} in {self.project_id}"


class ContentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class ContentItem(TimeStamped):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="content_items")
    project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), help_text=_("Markdown"))
    # BCP 47, from the template of its generation, else the workspace's: full-text search reads
    # it with that language's rules (content.selectors.item_search).
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_MAX_LENGTH, default="en")
    status = models.CharField(
        _("status"), max_length=20, choices=ContentStatus.choices, default=ContentStatus.DRAFT
    )
    # One item per generation: saving the same generation (or its batch) again finds this one.
    generation = models.OneToOneField(
        "generations.Generation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="content_item",
    )
    template_version = models.ForeignKey(
        "templates_app.TemplateVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="content_items",
    )
    created_by = person_field()
    assignee = person_field(blank=True, related_name="assigned_content")
    reviewer = person_field(blank=True, related_name="reviewed_content")
    # Who last submitted it: the one person who may not approve it (four eyes).
    submitted_by = person_field(blank=True)
    revision = models.PositiveIntegerField(
        _("revision"), default=1, help_text=_("the current revision's number")
    )
    edit_ratio = models.FloatField(
        _("edit ratio"),
        default=0.0,
        help_text=_("0 = the AI's text untouched, 1 = rewritten; frozen at approval"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "status"]),
            # A board column: a project's items of one status, most recently edited first,
            # read in order (LIMIT a page) instead of sorting every item of the project.
            models.Index(fields=["project", "status", "-updated_at"], name="content_item_board"),
            models.Index(fields=["workspace", "-created_at"]),
        ]
        verbose_name = _("content item")
        verbose_name_plural = _("content items")

    def __str__(self) -> str:
        return self.title


class Revision(models.Model):
    """One saved state of an item's title and body; never edited."""

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField()
    author = person_field()
    edit_ratio = models.FloatField(default=0.0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="unique_revision_number")
        ]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.item_id} r{self.number}"


class Comment(models.Model):
    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="comments")
    author = person_field()
    body = models.TextField(
        _("body"),
    )
    resolved = models.BooleanField(_("resolved"), default=False)
    resolved_by = person_field(blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["item_id", "created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.item_id}"


class Transition(models.Model):
    """A status change, as it happened."""

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="transitions")
    actor = person_field()
    from_status = models.CharField(max_length=20, choices=ContentStatus.choices)
    to_status = models.CharField(max_length=20, choices=ContentStatus.choices)
    comment = models.ForeignKey(
        Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item_id", "created_at", "id"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.from_status} → {self.to_status}"


class WebhookEventType(models.TextChoices):
    CONTENT_SUBMITTED = "content.submitted"
    CONTENT_CHANGES_REQUESTED = "content.changes_requested"
    CONTENT_APPROVED = "content.approved"
    CONTENT_PUBLISHED = "content.published"
    BATCH_FINISHED = "batch.finished"
    GENERATION_FAILED = "generation.failed"


class Webhook(TimeStamped):
    """A URL of the workspace's that receives signed events; switched off after too many failed
    deliveries in a row, with the reason."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("url"), max_length=500)
    events = models.JSONField(
        _("events"), default=list, help_text=_("event types; empty means none")
    )
    active = models.BooleanField(_("active"), default=True)
    # Needed in clear to sign; the API shows it once, when the hook is created.
    secret = models.CharField(_("secret"), max_length=64, editable=False)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    disabled_reason = models.TextField(_("disabled reason"), blank=True)
    created_by = person_field()

    class Meta:
        ordering = ["workspace_id", "id"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url


class WebhookEvent(models.Model):
    """Something that happened, once; its id is the one receivers deduplicate by."""

    id = models.UUIDField(primary_key=True)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    type = models.CharField(max_length=40, choices=WebhookEventType.choices)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")

    def __str__(self) -> str:
        return f"{self.type} {self.id}"


class WebhookDelivery(models.Model):
    """One event to one hook: sent until it succeeds or 24 hours pass; the last attempt's
    outcome is kept (status code, latency, error)."""

    class Status(models.TextChoices):
        PENDING = "pending"
        SUCCEEDED = "succeeded"
        FAILED = "failed"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # When a task should next send a pending delivery; long past it, the sweep sends it again
    # (its message was lost with a killed worker).
    next_attempt_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event"], name="one_delivery_per_event")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event_id} to {self.webhook_id}: {self.status}"
