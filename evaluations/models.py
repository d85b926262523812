"""Datasets of input rows with checks, and evaluations: one template version run over a dataset
through the batch machinery, every output checked."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Workspace, person_field
from generations.models import IdempotentSubmission
from generations.providers import PROVIDER_CHOICES


class Dataset(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="datasets")
    name = models.CharField(max_length=200)
    template = models.ForeignKey(
        "templates_app.Template",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="datasets",
        help_text=_("the template the rows are written for, if one"),
    )
    # [{type, name, ...}], cleaned by `evaluations.checks.checks_clean`.
    checks = models.JSONField(default=list, blank=True)
    created_by = person_field(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["workspace", "name"])]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self) -> str:
        return self.name


class DatasetRow(models.Model):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField(help_text=_("1-based, in the order rows were added"))
    variables = models.JSONField(default=dict)
    reference = models.TextField(blank=True, help_text=_("a good answer, for `similarity` checks"))

    class Meta:
        ordering = ["dataset_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "position"], name="unique_dataset_row")
        ]
        verbose_name = _("dataset row")
        verbose_name_plural = _("dataset rows")

    def __str__(self) -> str:
        return f"Dataset {self.dataset_id} row {self.position}"


class Evaluation(models.Model):
    """A template version run over a dataset: the rows are a `Batch` (its concurrency, retries,
    crash safety, budgets and costs); when the batch ends, each output is checked."""

    class Status(models.TextChoices):
        RUNNING = "running"  # the batch is running
        SCORING = "scoring"  # the batch has ended; the checks are running
        FINISHED = "finished"
        FAILED = "failed"  # nothing could be scored (the batch was cancelled or failed to start)

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="evaluations")
    user = person_field(blank=True)
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="evaluations")
    template_version = models.ForeignKey(
        "templates_app.TemplateVersion", on_delete=models.RESTRICT, related_name="evaluations"
    )
    label = models.CharField(max_length=50, blank=True, help_text=_("the label resolved, if any"))
    batch = models.OneToOneField(
        "generations.Batch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluation",
    )
    provider = models.CharField(max_length=40, choices=PROVIDER_CHOICES)
    model = models.CharField(max_length=120)
    params = models.JSONField(default=dict, blank=True)
    checks = models.JSONField(default=list, blank=True, help_text=_("the dataset's, when started"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.RUNNING, db_index=True
    )
    total = models.PositiveIntegerField(default=0)
    passed = models.PositiveIntegerField(default=0)
    pass_rate = models.FloatField(null=True, blank=True, help_text=_("0-1; set when finished"))
    # {check name: mean score} over the rows that ran.
    check_scores = models.JSONField(default=dict, blank=True)
    judge_cost = models.DecimalField(max_digits=12, decimal_places=6, default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "-created_at"]),
            models.Index(fields=["template_version", "dataset", "status"]),
        ]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"Evaluation {self.pk} ({self.status})"


class EvaluationResult(models.Model):
    """One dataset row's outcome: its generation and each check's result."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="results")
    position = models.PositiveIntegerField(help_text=_("the dataset row's position"))
    dataset_row = models.ForeignKey(
        DatasetRow, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    generation = models.ForeignKey(
        "generations.Generation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    passed = models.BooleanField(default=False)
    score = models.FloatField(null=True, blank=True, help_text=_("the mean of its checks' scores"))
    checks = models.JSONField(
        default=list, blank=True, help_text=_("[{name, type, passed, score, reason}]")
    )
    error = models.TextField(blank=True, help_text=_("why the row has no output to check"))

    class Meta:
        ordering = ["evaluation_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "position"], name="unique_evaluation_result"
            )
        ]
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")

    def __str__(self) -> str:
        return f"Evaluation {self.evaluation_id} row {self.position}"


class Comparison(IdempotentSubmission):
    """One set of variables run on 2 to 4 targets (template version or label, provider, model,
    params) side by side: each target is an ordinary generation, run in the background."""

    class Status(models.TextChoices):
        """Not stored: read from the targets' generations."""

        RUNNING = "running"
        FINISHED = "finished"  # every target's generation has ended

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="comparisons")
    user = person_field(blank=True)
    variables = models.JSONField(default=dict, blank=True)

    class Meta(IdempotentSubmission.Meta):
        verbose_name = _("comparison")
        verbose_name_plural = _("comparisons")

    def __str__(self) -> str:
        return f"Comparison {self.pk}"


class ComparisonTarget(models.Model):
    """A comparison's target number `index` (0-based, in the order the request gave them) and
    the generation that runs it."""

    comparison = models.ForeignKey(Comparison, on_delete=models.CASCADE, related_name="targets")
    index = models.PositiveSmallIntegerField()
    generation = models.ForeignKey(
        "generations.Generation", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["comparison_id", "index"]
        constraints = [
            models.UniqueConstraint(fields=["comparison", "index"], name="unique_comparison_target")
        ]
        verbose_name = _("comparison target")
        verbose_name_plural = _("comparison targets")

    def __str__(self) -> str:
        return f"Comparison {self.comparison_id} target {self.index}"
