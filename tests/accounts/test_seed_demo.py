from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.management.commands.seed_demo import DEMO_EMAIL, DEMO_PASSWORD
from accounts.models import Membership, Role, User
from templates_app.models import Template
from tests.templates_app.test_examples import EXAMPLES, SAMPLES

pytestmark = pytest.mark.django_db


def test_the_printed_demo_login_opens_the_admin(client, capsys) -> None:
    call_command("seed_demo")
    call_command("seed_demo")  # safe to run on every `make run`

    assert f"{DEMO_EMAIL} / {DEMO_PASSWORD}" in capsys.readouterr().out
    logged_in = client.post(
        "/admin/login/?next=/admin/", {"username": DEMO_EMAIL, "password": DEMO_PASSWORD}
    )
    assert logged_in.status_code == 302
    assert client.get("/admin/accounts/workspace/").status_code == 200
    assert Membership.objects.get(user__email=DEMO_EMAIL, workspace__slug="demo").role == Role.OWNER


def test_the_demo_generates_offline_from_every_example_template(client, settings) -> None:
    """`make run` with no provider key: the demo workspace names the offline provider, and the
    example templates name none, so each one runs as a draft that says it is one."""
    call_command("load_model_catalogue")
    call_command("seed_demo")
    call_command("import_templates", str(EXAMPLES), "--workspace", "demo")
    client.force_login(User.objects.get(email=DEMO_EMAIL))

    for template in Template.objects.filter(workspace__slug="demo"):
        values = {
            variable["name"]: variable["choices"][0]
            if variable["type"] == "choice"
            else SAMPLES[variable["type"]]
            for variable in template.current_version.variables
        }
        response = client.post(
            "/api/generations/",
            {"template": template.pk, "variables": values},
            content_type="application/json",
        )
        data = response.json()
        assert response.status_code == 201, (template.slug, data)
        assert (data["provider"], data["requested_provider"]) == ("local", "local"), template.slug
