from __future__ import annotations

import pytest

from generations.models import Generation, ProviderCredential
from generations.services.credentials import credential_save, workspace_credentials
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_generations_are_records_staff_can_read_but_not_add_or_rewrite(
    staff_client, template
) -> None:
    generation = Generation.objects.create(
        workspace=template.workspace,
        template_version=template.current_version,
        rendered_prompt="Write about tea.",
        provider="local",
        model="local-draft",
        status="succeeded",
        output="Tea.",
    )
    change_url = f"/admin/generations/generation/{generation.pk}/change/"

    page = staff_client.get(change_url)
    posted = staff_client.post(change_url, {"output": "Rewritten.", "status": "failed"})

    assert page.status_code == 200
    assert 'name="output"' not in page.content.decode()  # shown, not editable
    assert staff_client.get("/admin/generations/generation/add/").status_code == 403
    assert staff_client.get("/admin/generations/batch/add/").status_code == 403
    generation.refresh_from_db()
    assert posted.status_code in (200, 302, 403)
    assert (generation.output, generation.status) == ("Tea.", "succeeded")


def test_a_key_staff_delete_in_the_admin_is_used_no_more(staff_client, workspace) -> None:
    credential = credential_save(
        workspace=workspace, user=UserFactory(), provider="openai", api_key="sk-kept-0001"
    )
    workspace.refresh_from_db()
    assert "openai" in workspace_credentials(workspace=workspace)

    deleted = staff_client.post(
        f"/admin/generations/providercredential/{credential.pk}/delete/", {"post": "yes"}
    )

    assert deleted.status_code == 302
    assert not ProviderCredential.objects.exists()
    workspace.refresh_from_db()
    assert "openai" not in workspace_credentials(workspace=workspace)
