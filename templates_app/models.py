"""Prompt templates and their immutable versions.

A `Template` holds what describes it (name, slug, category, tags, archived); what it says lives in
`TemplateVersion` rows, of which a new one is written for every content change. `current_version`
points at the one in use. Templates are archived, never deleted from the API: generations (in
`generations/`) point at the exact version they were rendered from and protect it.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import TimeStamped, Workspace, person_field
from aiagency.languages import LANGUAGE_TAG_MAX_LENGTH


class Template(TimeStamped):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="templates")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    # BCP 47 (`pt-BR`, `en`); a new template takes its workspace's unless given one.
    language = models.CharField(
        _("language"),
        max_length=LANGUAGE_TAG_MAX_LENGTH,
        default="en",
        help_text=_("The language the template writes in, as a BCP 47 tag (pt-BR, en)."),
    )
    # RESTRICT, not PROTECT: a version cannot be deleted while it is current, yet deleting the
    # workspace (which cascades to both the template and its versions) still works.
    current_version = models.ForeignKey(
        "TemplateVersion", on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    is_archived = models.BooleanField(_("is archived"), default=False)
    # [{label, dataset, min_pass_rate, provider?, model?}]: moving `label` needs a passing
    # evaluation on `dataset` (see services.labels); checked by the app that owns evaluations.
    release_gates = models.JSONField(_("release gates"), default=list, blank=True)
    created_by = person_field(blank=True, related_name="created_templates")

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "slug"], name="unique_template_slug")
        ]
        indexes = [
            models.Index(fields=["workspace", "is_archived"]),
            models.Index(fields=["workspace", "category"]),
        ]
        verbose_name = _("template")
        verbose_name_plural = _("templates")

    def __str__(self) -> str:
        return self.name

    @property
    def current(self) -> TemplateVersion:
        """The current version, which a template has from the moment `template_create` is done
        (the column is nullable only for that transaction: the version points at its template)."""
        if self.current_version is None:
            raise TemplateVersion.DoesNotExist(f"Template {self.pk} has no current version yet.")
        return self.current_version


class TemplateVersion(models.Model):
    """One written state of a template's content; never changed once saved."""

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(
        _("number"),
    )
    body = models.TextField(
        _("body"),
    )
    system_prompt = models.TextField(_("system prompt"), blank=True)
    variables = models.JSONField(_("variables"), default=list, blank=True)
    defaults = models.JSONField(_("defaults"), default=dict, blank=True)
    changelog = models.CharField(_("changelog"), max_length=500, blank=True)
    created_by = person_field(blank=True, related_name="template_versions")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["template_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="unique_version_number")
        ]
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")

    def __str__(self) -> str:
        return f"{self.template_id} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A generation records the version it was rendered from; editing a version in place would
        # silently change what that record means.
        if not self._state.adding:
            raise ValueError("A template version is immutable; write a new version instead.")
        super().save(*args, **kwargs)


class Label(TimeStamped):
    """A named pointer at one of a template's versions (`production`, `staging`, `client-acme`),
    or at two with weights (a canary split): `arms` is `[{"version": n, "weight": w}, ...]`, the
    weights summing to 100. Version numbers are safe to keep: versions are never edited or
    deleted on their own. Every move is a `LabelMove`."""

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="labels")
    name = models.SlugField(_("name"), max_length=50)
    arms = models.JSONField(
        _("versions"), default=list, help_text=_("[{version, weight}], the weights summing to 100")
    )
    updated_by = person_field(blank=True)

    class Meta:
        ordering = ["template_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["template", "name"], name="unique_template_label")
        ]
        verbose_name = _("label")
        verbose_name_plural = _("labels")

    def __str__(self) -> str:
        return f"{self.template_id}:{self.name}"


class LabelMove(models.Model):
    """One change of a label: created (`from_arms` empty), moved, or deleted (`to_arms` empty).
    Kept by template and name, so a deleted label's history stays."""

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="label_moves")
    label = models.SlugField(_("label"), max_length=50)
    from_arms = models.JSONField(_("from versions"), default=list, blank=True)
    to_arms = models.JSONField(_("to versions"), default=list, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    forced = models.BooleanField(
        _("forced"), default=False, help_text=_("moved past a release gate by an owner")
    )
    user = person_field(blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["template", "label", "-created_at"])]
        verbose_name = _("label move")
        verbose_name_plural = _("label moves")

    def __str__(self) -> str:
        return f"{self.template_id}:{self.label} {self.from_arms} -> {self.to_arms}"
