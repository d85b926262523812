from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.management.commands.seed_demo import DEMO_EMAIL, DEMO_PASSWORD
from accounts.models import Membership, Role

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
