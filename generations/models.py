"""Generations, the model catalogue they are priced from, and workspaces' own provider keys."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Workspace, person_field
from generations.providers import PROVIDER_CHOICES


class ModelPrice(models.Model):
    """One row of the model catalogue: what a model can take and what it costs."""

    provider = models.CharField(max_length=40, choices=PROVIDER_CHOICES)
    model = models.CharField(max_length=120)
    label = models.CharField(max_length=120, blank=True)
    context_window = models.PositiveIntegerField(default=0)
    input_price_per_mtok = models.DecimalField(
        max_digits=10, decimal_places=4, help_text=_("USD per million input tokens")
    )
    output_price_per_mtok = models.DecimalField(
        max_digits=10, decimal_places=4, help_text=_("USD per million output tokens")
    )
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["provider", "model"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "model"], name="unique_provider_model")
        ]
        verbose_name = _("model price")
        verbose_name_plural = _("model prices")

    def __str__(self) -> str:
        return f"{self.provider}/{self.model}"


class ProviderCredential(models.Model):
    """A workspace's own key (and base URL) for a provider, used instead of the server's."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="provider_credentials"
    )
    provider = models.CharField(max_length=40, choices=PROVIDER_CHOICES)
    encrypted_api_key = models.TextField(blank=True)
    api_key_last4 = models.CharField(max_length=4, blank=True)
    base_url = models.URLField(blank=True)
    created_by = person_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workspace_id", "provider"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "provider"], name="unique_workspace_provider_credential"
            )
        ]
        verbose_name = _("provider credential")
        verbose_name_plural = _("provider credentials")

    def __str__(self) -> str:
        return f"{self.workspace} {self.provider} …{self.api_key_last4}"


class GenerationMode(models.TextChoices):
    SYNC = "sync"
    ASYNC = "async"
    STREAM = "stream"
    BATCH = "batch"  # a row of a `Batch`, run by the batch's runner (never swept on its own)


# What a client may ask for; `stream` is chosen by using the stream endpoint.
REQUESTABLE_MODES = [(GenerationMode.SYNC, "Sync"), (GenerationMode.ASYNC, "Async")]


class IdempotentSubmission(models.Model):
    """A row a workspace member's request creates, which a repeated request is answered from
    (`services.idempotency`): its idempotency key, unique per workspace and caller, and the
    fingerprint of the request. Newest first. The model declares `workspace` and `user`."""

    idempotency_key = models.CharField(max_length=255, blank=True)
    request_fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "user", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="unique_%(class)s_idempotency_key",
            )
        ]


class SubmittedRun(IdempotentSubmission):
    """What a generation and a batch share as submitted work: what was asked to run (the label
    the version was resolved through, if any, and which arm of its canary split was drawn, None
    when the label points at one version; provider, model, params, whether the cache may answer),
    and when it was started and finished."""

    label = models.CharField(max_length=50, blank=True)
    label_arm = models.PositiveSmallIntegerField(null=True, blank=True)
    provider = models.CharField(max_length=40, choices=PROVIDER_CHOICES)
    model = models.CharField(max_length=120)
    params = models.JSONField(default=dict, blank=True)
    use_cache = models.BooleanField(default=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta(IdempotentSubmission.Meta):
        abstract = True


class Generation(SubmittedRun):
    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"
        CANCELLED = "cancelled"

    Mode = GenerationMode

    FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED)

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="generations")
    user = person_field(blank=True, related_name="generations")
    # RESTRICT: a version with generations is history and cannot be deleted on its own, yet
    # deleting the whole workspace (which cascades to both) still works.
    template_version = models.ForeignKey(
        "templates_app.TemplateVersion", on_delete=models.RESTRICT, related_name="generations"
    )
    # SET_NULL: a row's spend stays in history and analytics even if its batch is deleted.
    batch = models.ForeignKey(
        "Batch", on_delete=models.SET_NULL, null=True, blank=True, related_name="generations"
    )
    batch_row = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("1-based number of the data row in the batch's input")
    )
    variables = models.JSONField(default=dict, blank=True)
    rendered_prompt = models.TextField()
    system_prompt = models.TextField(blank=True)
    provider_chain = models.JSONField(
        default=list, blank=True, help_text=_("[[provider, model], ...] in the order tried")
    )
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.SYNC)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    output = models.TextField(blank=True)
    error = models.TextField(blank=True)
    finish_reason = models.CharField(max_length=40, blank=True)
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    cost = models.DecimalField(
        max_digits=12,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("USD; empty if unpriced"),
    )
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    cache_hit = models.BooleanField(default=False)
    attempts = models.JSONField(default=list, blank=True)
    # What the generation may use at most, held against its workspace's limits while it runs
    # (see services.quotas); kept after the end as a record of what was held.
    reserved_tokens = models.PositiveIntegerField(default=0)
    reserved_cost = models.DecimalField(max_digits=12, decimal_places=6, default=0)
    # Whoever claimed the run last; only that runner may record its outcome (see services).
    run_token = models.CharField(max_length=32, blank=True)

    class Meta(SubmittedRun.Meta):
        indexes = [
            *SubmittedRun.Meta.indexes,
            models.Index(fields=["workspace", "status"]),
            models.Index(fields=["status", "started_at"]),
            # Progress counts and the runner's "next queued rows" both read by batch and status.
            models.Index(fields=["batch", "status", "batch_row"]),
        ]
        constraints = [
            *SubmittedRun.Meta.constraints,
            # Per-row idempotency: a batch row becomes exactly one generation.
            models.UniqueConstraint(fields=["batch", "batch_row"], name="unique_batch_row"),
        ]
        verbose_name = _("generation")
        verbose_name_plural = _("generations")

    def __str__(self) -> str:
        return f"Generation {self.pk} ({self.status})"


class GenerationAttempt(models.Model):
    """One provider call of a generation run by a worker, recorded before the call: if the worker
    dies during it, the answer (and what the provider billed for it) is lost, and whoever takes the
    generation over marks it `unknown` at an estimated cost, counted in the generation's cost.
    Generations run in the request (sync, streamed) have none: their row is the record of their
    one call in flight."""

    class Status(models.TextChoices):
        STARTED = "started"
        SUCCEEDED = "succeeded"
        FAILED = "failed"
        UNKNOWN = "unknown"  # its runner died during the call

    generation = models.ForeignKey(
        Generation, on_delete=models.CASCADE, related_name="attempt_records"
    )
    number = models.PositiveSmallIntegerField(help_text=_("1-based, across every run"))
    provider = models.CharField(max_length=40, choices=PROVIDER_CHOICES)
    model = models.CharField(max_length=120)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.STARTED)
    error = models.TextField(blank=True)
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    cost = models.DecimalField(
        max_digits=12,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("USD; for an unknown attempt, an estimate (input priced, plus its max output)"),
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["generation_id", "number"]
        verbose_name = _("generation attempt")
        verbose_name_plural = _("generation attempts")

    def __str__(self) -> str:
        return f"Attempt {self.number} of generation {self.generation_id} ({self.status})"


class MeteredCall(models.Model):
    """A provider call made outside any generation (an evaluation's `llm_judge`), metered against
    the workspace's limits as a generation is: it holds its maximum before the call and is
    recorded with its tokens and cost after it; the workspace's usage counts it (see
    services.quotas and services.metered_calls)."""

    class Status(models.TextChoices):
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=40, help_text=_("what made the call: llm_judge"))
    provider = models.CharField(max_length=40, choices=PROVIDER_CHOICES)
    model = models.CharField(max_length=120)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    cost = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    reserved_tokens = models.PositiveIntegerField(default=0)
    reserved_cost = models.DecimalField(max_digits=12, decimal_places=6, default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "created_at"])]
        verbose_name = _("metered call")
        verbose_name_plural = _("metered calls")

    def __str__(self) -> str:
        return f"{self.purpose} call {self.pk} ({self.status})"


class WorkspaceUsage(models.Model):
    """A workspace's use of its limits, for the period in progress: what finished generations
    spent and what running ones hold (their maximum, reserved before the call). Reserving is one
    conditional UPDATE of this row, atomic across processes and independent of the cache (see
    services.quotas); the row is recounted from the generations when its period turns, and
    periodically by the sweep, which also drops what dead runs held."""

    workspace = models.OneToOneField(
        Workspace, on_delete=models.CASCADE, primary_key=True, related_name="usage"
    )
    day = models.DateField(help_text=_("the (UTC) day the tokens count for"))
    tokens_spent = models.BigIntegerField(default=0)
    tokens_reserved = models.BigIntegerField(default=0)
    month = models.DateField(help_text=_("the first day of the (UTC) month the cost counts for"))
    cost_spent = models.DecimalField(max_digits=14, decimal_places=6, default=0)
    cost_reserved = models.DecimalField(max_digits=14, decimal_places=6, default=0)
    counted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("workspace usage")
        verbose_name_plural = _("workspace usage")

    def __str__(self) -> str:
        return f"Usage of {self.workspace_id}"


class Batch(SubmittedRun):
    """One template run over many rows of input; each valid row is a `Generation` (`generations`).

    Progress counts are not stored: they are aggregated from the rows (see `selectors.batch_list`)
    so they cannot drift. The processes working through it hold its `runners` leases (see
    `services.batch_runs`). Its label is resolved once, when the
    batch is created: every row runs that version, wherever the label moves meanwhile.
    """

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        SUCCEEDED = "succeeded"  # every row succeeded
        COMPLETED = "completed"  # ran to its end, some rows failed
        FAILED = "failed"  # ran to its end, no row succeeded
        CANCELLED = "cancelled"

    class OnInvalid(models.TextChoices):
        SKIP = "skip", "Skip invalid rows, run the others"
        REJECT = "reject", "Reject the batch if any row is invalid"

    FINISHED = (Status.SUCCEEDED, Status.COMPLETED, Status.FAILED, Status.CANCELLED)
    ACTIVE = (Status.QUEUED, Status.RUNNING)

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="batches")
    user = person_field(blank=True, related_name="batches")
    template_version = models.ForeignKey(
        "templates_app.TemplateVersion", on_delete=models.RESTRICT, related_name="batches"
    )
    provider_chain = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    on_invalid = models.CharField(max_length=8, choices=OnInvalid.choices, default=OnInvalid.SKIP)
    source_name = models.CharField(max_length=255, blank=True, help_text=_("the uploaded file"))
    total = models.PositiveIntegerField(default=0, help_text=_("rows to run (the valid ones)"))
    invalid = models.PositiveIntegerField(default=0, help_text=_("rows skipped as invalid"))
    errors = models.JSONField(default=list, blank=True, help_text=_("[{row, field, message}]"))
    ignored_columns = models.JSONField(default=list, blank=True)
    estimated_cost = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    estimated_input_tokens = models.PositiveBigIntegerField(default=0)
    estimated_output_tokens = models.PositiveBigIntegerField(default=0)
    results_csv = models.FileField(max_length=255, blank=True)
    results_jsonl = models.FileField(max_length=255, blank=True)

    class Meta(SubmittedRun.Meta):
        verbose_name = _("batch")
        verbose_name_plural = _("batches")

    def __str__(self) -> str:
        return f"Batch {self.pk} ({self.status})"


class BatchRunner(models.Model):
    """The lease of one of the processes working through a batch at once (at most
    `BATCH_RUNNERS`, one per `slot`): renewed every second in `heartbeat_at`, it belongs to a dead
    runner once older than `BATCH_LEASE_SECONDS`. The rows a runner claims carry its `token` as
    their `run_token` (see `services.batch_runs`)."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="runners")
    slot = models.PositiveSmallIntegerField()
    token = models.CharField(max_length=32)
    heartbeat_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "slot"], name="one_runner_per_batch_slot")
        ]
        verbose_name = _("batch runner")
        verbose_name_plural = _("batch runners")

    def __str__(self) -> str:
        return f"Runner {self.slot} of batch {self.batch_id}"


class GenerationRating(models.Model):
    """One person's rating of a generation: each member rates once and may change it; the
    generation shows their average (`selectors.generation_list`)."""

    generation = models.ForeignKey(Generation, on_delete=models.CASCADE, related_name="ratings")
    # SET_NULL: a rating stays in the averages and analytics when its author is deleted.
    user = person_field(blank=True, related_name="generation_ratings")
    rating = models.PositiveSmallIntegerField()
    feedback = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["generation_id", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["generation", "user"], name="one_rating_per_user"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="rating_from_1_to_5"
            ),
        ]
        verbose_name = _("generation rating")
        verbose_name_plural = _("generation ratings")

    def __str__(self) -> str:
        return f"{self.rating}/5 on generation {self.generation_id} by {self.user_id}"


class BatchRow(models.Model):
    """One row of a batch's input exactly as it was sent, invalid ones included: the user's
    own columns (extra ones too) for the rows list and the results files. A valid row has its
    `generation`; an invalid one says why in `error`."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="input_rows")
    row = models.PositiveIntegerField(help_text=_("1-based position in the input"))
    # [[column, value], ...]: a list keeps the columns' order, which PostgreSQL's jsonb objects
    # do not.
    input = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    generation = models.OneToOneField(
        Generation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="batch_input_row",
    )

    class Meta:
        ordering = ["batch_id", "row"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "row"], name="unique_batch_input_row")
        ]
        verbose_name = _("batch row")
        verbose_name_plural = _("batch rows")

    def __str__(self) -> str:
        return f"Batch {self.batch_id} row {self.row}"
