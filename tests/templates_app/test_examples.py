"""The example templates that `make run` imports: all valid, all used, all renderable."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import Workspace
from templates_app.models import Template
from templates_app.services.content import TemplateContent, content_clean
from templates_app.services.formats import collect_files
from templates_app.services.importing import template_import
from templates_app.services.rendering import render
from templates_app.services.schema import validate_input

EXAMPLES = Path(settings.BASE_DIR) / "examples" / "templates"
SAMPLES = {"integer": 3, "number": 1.5, "boolean": True, "string": "sample", "text": "sample"}


@pytest.mark.django_db
def test_examples_import_render_and_use_every_variable(workspace: Workspace) -> None:
    files, _missing = collect_files([EXAMPLES])
    report = template_import(
        workspace=workspace, user=None, files=[(str(path), path.read_bytes()) for path in files]
    )
    assert report.failures == []
    assert report.count("created") >= 12
    for template in Template.objects.filter(workspace=workspace).select_related("current_version"):
        content = TemplateContent.of(template.current_version)
        _content, warnings = content_clean(**content.as_dict())
        assert warnings == [], template.slug
        values = {
            variable["name"]: variable["choices"][0]
            if variable["type"] == "choice"
            else SAMPLES[variable["type"]]
            for variable in content.variables
        }
        context = validate_input(content.variables, values)
        assert "sample" in render(content.body, context) or not values, template.slug
        render(content.system_prompt, context)
