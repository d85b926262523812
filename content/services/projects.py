"""Projects: a campaign or a client brief, its slug unique in its workspace."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User, Workspace
from aiagency.db import unique_or
from aiagency.errors import ConflictError, DomainError
from content.models import BatchProject, Project
from generations.models import Batch


def _slug_conflict() -> ConflictError:
    return ConflictError(_("A project with this slug already exists here."), field="slug")


def _save(project: Project) -> Project:
    with unique_or(_slug_conflict):
        project.save()
    return project


def project_create(*, workspace: Workspace, user: User | None, data: Mapping[str, Any]) -> Project:
    values = dict(data)
    values["slug"] = values.get("slug") or slugify(values["name"])[:200] or "project"
    return _save(Project(workspace=workspace, created_by=user, **values))


def project_update(*, project: Project, data: Mapping[str, Any]) -> Project:
    for key, value in data.items():
        setattr(project, key, value)
    return _save(project)


def project_check(*, project: Project | None, workspace_id: int) -> None:
    """Content and batches go into a project of their own workspace only."""
    if project is not None and project.workspace_id != workspace_id:
        raise DomainError(_("This project belongs to another workspace."), field="project")


def batch_project_create(*, batch: Batch, project: Project) -> BatchProject:
    project_check(project=project, workspace_id=batch.workspace_id)
    return BatchProject.objects.create(batch=batch, project=project)
