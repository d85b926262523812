"""Object- and function-level authorization (OWASP API1 and API5): every operation of every
app (accounts, templates, generations, batches, evaluations, analytics), called by each role of a
workspace, by a stranger (a member of another workspace only), anonymously, and with an API key of
another workspace.

The expected status of every cell is written out below. Columns:
viewer, editor, admin, owner, stranger, anonymous, other workspace's API key.
`2` is any 2xx; a stranger never learns that another workspace's object exists (404, or 400 "does
not exist" where a workspace or template id is a field of the body, the same answer as for an id
that does not exist at all).
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiKey, Invitation, Membership, Role, User, Workspace
from accounts.services import api_key_create
from content.models import Webhook, WebhookDelivery, WebhookEvent
from evaluations.models import Dataset, DatasetRow, Evaluation
from generations.models import Batch, Generation, ProviderCredential
from generations.services.credentials import credential_save
from templates_app.models import Template
from templates_app.services.labels import Arm, label_set
from tests.conftest import client_for
from tests.factories import MembershipFactory, TemplateFactory, UserFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db

CALLERS = ("viewer", "editor", "admin", "owner", "stranger", "anonymous", "other_key")


@dataclass
class World:
    """A workspace with one object of every kind, and a client per caller."""

    workspace: Workspace
    template: Template
    generation: Generation
    queued: Generation
    running_batch: Batch
    finished_batch: Batch
    credential: ProviderCredential
    other_member: Membership
    api_key: ApiKey
    invitation: Invitation
    webhook: Webhook
    delivery: WebhookDelivery
    dataset: Dataset
    evaluation: Evaluation
    outsider: User
    clients: dict[str, APIClient]


def _generation(world_workspace: Workspace, template: Template, user: User, status: str) -> Any:
    return Generation.objects.create(
        workspace=world_workspace,
        user=user,
        template_version=template.current_version,
        variables={"topic": "cats"},
        rendered_prompt="Write a post about cats.",
        provider="local",
        model="local-draft",
        status=status,
        output="Done." if status == Generation.Status.SUCCEEDED else "",
    )


def _batch(workspace: Workspace, template: Template, user: User, *, finished: bool) -> Batch:
    """A batch still running, or one that finished with a row succeeded and a row failed."""
    batch = Batch.objects.create(
        workspace=workspace,
        user=user,
        template_version=template.current_version,
        provider="local",
        model="local-draft",
        status=Batch.Status.COMPLETED if finished else Batch.Status.RUNNING,
        total=2,
    )
    for row, status in enumerate([Generation.Status.SUCCEEDED, Generation.Status.FAILED], 1):
        generation = _generation(workspace, template, user, status if finished else "queued")
        Generation.objects.filter(pk=generation.pk).update(batch=batch, batch_row=row)
    return batch


@pytest.fixture
def world(db: None, settings: Any, tmp_path: Any) -> World:
    settings.MEDIA_ROOT = tmp_path  # batch results are written on first download
    workspace = WorkspaceFactory()
    users = {
        role: MembershipFactory(workspace=workspace, role=role).user
        for role in ("viewer", "editor", "admin", "owner")
    }
    template = TemplateFactory(workspace=workspace, created_by=users["editor"])
    stranger = MembershipFactory(role=Role.OWNER).user  # owns a workspace of their own
    other_workspace = WorkspaceFactory()
    key_owner = MembershipFactory(workspace=other_workspace, role=Role.OWNER).user
    _, other_raw_key = api_key_create(
        workspace=other_workspace,
        user=key_owner,
        name="other",
        role=Role.ADMIN,
        actor_role=Role.OWNER,
    )
    api_key, _ = api_key_create(
        workspace=workspace, user=users["owner"], name="k", role=Role.VIEWER, actor_role=Role.OWNER
    )
    clients = {role: client_for(user) for role, user in users.items()}
    clients["stranger"] = client_for(stranger)
    clients["anonymous"] = APIClient()
    clients["other_key"] = APIClient()
    clients["other_key"].credentials(HTTP_AUTHORIZATION=f"Api-Key {other_raw_key}")
    webhook = Webhook.objects.create(
        workspace=workspace, url=PUBLIC_HOOK, events=["batch.finished"], secret="s"
    )
    event = WebhookEvent.objects.create(
        id=uuid.uuid4(), workspace=workspace, type="batch.finished", created_at=timezone.now()
    )
    label_set(template=template, user=None, name="production", arms=[Arm(1, 100)])
    dataset = Dataset.objects.create(workspace=workspace, name="Cats", template=template)
    DatasetRow.objects.create(dataset=dataset, position=1, variables={"topic": "cats"})
    evaluation = Evaluation.objects.create(
        workspace=workspace,
        dataset=dataset,
        template_version=template.current_version,
        provider="local",
        model="local-draft",
        status=Evaluation.Status.FINISHED,
        pass_rate=1.0,
    )
    return World(
        workspace=workspace,
        template=template,
        generation=_generation(workspace, template, users["editor"], Generation.Status.SUCCEEDED),
        queued=_generation(workspace, template, users["editor"], Generation.Status.QUEUED),
        running_batch=_batch(workspace, template, users["editor"], finished=False),
        finished_batch=_batch(workspace, template, users["editor"], finished=True),
        credential=credential_save(
            workspace=workspace, user=users["admin"], provider="openai", api_key="sk-test-1234"
        ),
        other_member=MembershipFactory(workspace=workspace, role=Role.VIEWER),
        api_key=api_key,
        invitation=Invitation.objects.create(
            workspace=workspace,
            email="invited@example.com",
            hashed_token="0" * 64,
            expires_at=timezone.now() + timedelta(days=1),
        ),
        webhook=webhook,
        delivery=WebhookDelivery.objects.create(webhook=webhook, event=event),
        dataset=dataset,
        evaluation=evaluation,
        outsider=UserFactory(),
        clients=clients,
    )


def _upload() -> io.BytesIO:
    upload = io.BytesIO(b'{"name": "Imported", "body": "Hello."}')
    upload.name = "one.json"
    return upload


def _rows_upload() -> io.BytesIO:
    upload = io.BytesIO(b"topic,reference\ndogs,About dogs.\n")
    upload.name = "rows.csv"
    return upload


W = "/api/workspaces/{w.workspace.pk}/"
WH = W + "webhooks/{w.webhook.pk}/"
# A literal public address: checked without a name lookup, never called (nothing commits here).
PUBLIC_HOOK = "https://93.184.216.34/hook"
B = "/api/batches/{w.finished_batch.pk}/"
A = "/api/analytics/"
IN_W = "?workspace={w.workspace.pk}"
T = "/api/templates/{w.template.pk}/"
G = "/api/generations/{w.generation.pk}/"
D = "/api/datasets/{w.dataset.pk}/"
E = "/api/evaluations/{w.evaluation.pk}/"
Body = Callable[[World], dict[str, Any]]

# (operation, method, path, body, expected per caller: viewer editor admin owner stranger anon key)
MATRIX: list[tuple[str, str, str, Body | None, str]] = [
    # --- accounts --------------------------------------------------------------------------------
    ("me", "GET", "/api/me/", None, "2 2 2 2 2 401 2"),
    ("me.update", "PATCH", "/api/me/", lambda w: {"name": "Renamed"}, "2 2 2 2 2 401 403"),
    ("workspaces.list", "GET", "/api/workspaces/", None, "2 2 2 2 2 401 2"),
    (
        "workspaces.create",
        "POST",
        "/api/workspaces/",
        lambda w: {"name": "New"},
        "2 2 2 2 2 401 403",
    ),
    ("workspaces.retrieve", "GET", W, None, "2 2 2 2 404 401 404"),
    ("workspaces.update", "PUT", W, lambda w: {"name": "Renamed"}, "403 403 2 2 404 401 404"),
    ("workspaces.patch", "PATCH", W, lambda w: {"name": "Renamed"}, "403 403 2 2 404 401 404"),
    ("workspaces.delete", "DELETE", W, None, "403 403 403 2 404 401 404"),
    ("members.list", "GET", W + "members/", None, "2 2 2 2 404 401 404"),
    (
        "members.invite",
        "POST",
        W + "members/",
        lambda w: {"email": w.outsider.email, "role": "viewer"},
        "403 403 2 2 404 401 404",
    ),
    (
        "members.change_role",
        "PATCH",
        W + "members/{w.other_member.user_id}/",
        lambda w: {"role": "editor"},
        "403 403 2 2 404 401 404",
    ),
    (
        "members.remove",
        "DELETE",
        W + "members/{w.other_member.user_id}/",
        None,
        "403 403 2 2 404 401 404",
    ),
    ("api_keys.list", "GET", W + "api-keys/", None, "403 403 2 2 404 401 404"),
    (
        "api_keys.create",
        "POST",
        W + "api-keys/",
        lambda w: {"name": "ci", "role": "viewer"},
        "403 403 2 2 404 401 404",
    ),
    ("api_keys.revoke", "DELETE", W + "api-keys/{w.api_key.pk}/", None, "403 403 2 2 404 401 404"),
    ("webhooks.list", "GET", W + "webhooks/", None, "403 403 2 2 404 401 404"),
    (
        "webhooks.create",
        "POST",
        W + "webhooks/",
        lambda w: {"url": PUBLIC_HOOK, "events": ["content.approved"]},
        "403 403 2 2 404 401 404",
    ),
    ("webhooks.retrieve", "GET", WH, None, "403 403 2 2 404 401 404"),
    ("webhooks.update", "PATCH", WH, lambda w: {"active": False}, "403 403 2 2 404 401 404"),
    ("webhooks.deliveries", "GET", WH + "deliveries/", None, "403 403 2 2 404 401 404"),
    (
        "webhooks.redeliver",
        "POST",
        WH + "deliveries/{w.delivery.pk}/redeliver/",
        None,
        "403 403 2 2 404 401 404",
    ),
    ("webhooks.delete", "DELETE", WH, None, "403 403 2 2 404 401 404"),
    ("invitations.list", "GET", W + "invitations/", None, "403 403 2 2 404 401 404"),
    (
        "invitations.create",
        "POST",
        W + "invitations/",
        lambda w: {"email": "someone@example.com", "role": "viewer"},
        "403 403 2 2 404 401 404",
    ),
    (
        "invitations.revoke",
        "DELETE",
        W + "invitations/{w.invitation.pk}/",
        None,
        "403 403 2 2 404 401 404",
    ),
    # --- templates -------------------------------------------------------------------------------
    ("templates.list", "GET", "/api/templates/", None, "2 2 2 2 2 401 2"),
    (
        "templates.create",
        "POST",
        "/api/templates/",
        lambda w: {"workspace": w.workspace.pk, "name": "New", "body": "Hi."},
        "403 2 2 2 400 401 400",
    ),
    ("templates.retrieve", "GET", T, None, "2 2 2 2 404 401 404"),
    (
        "templates.update",
        "PUT",
        T,
        lambda w: {"name": "Renamed", "body": "Hi {{ topic }}.", "base_version": 1},
        "403 2 2 2 404 401 404",
    ),
    (
        "templates.patch",
        "PATCH",
        T,
        lambda w: {"description": "Changed.", "base_version": 1},
        "403 2 2 2 404 401 404",
    ),
    ("templates.archive", "POST", T + "archive/", None, "403 2 2 2 404 401 404"),
    ("templates.unarchive", "POST", T + "unarchive/", None, "403 2 2 2 404 401 404"),
    ("templates.versions", "GET", T + "versions/", None, "2 2 2 2 404 401 404"),
    ("templates.version", "GET", T + "versions/1/", None, "2 2 2 2 404 401 404"),
    ("templates.diff", "GET", T + "diff/", None, "2 2 2 2 404 401 404"),
    (
        "templates.restore",
        "POST",
        T + "restore/",
        lambda w: {"version": 1, "base_version": 1},
        "403 2 2 2 404 401 404",
    ),
    (
        "templates.preview",
        "POST",
        T + "preview/",
        lambda w: {"variables": {"topic": "cats"}},
        "2 2 2 2 404 401 404",
    ),
    (
        "templates.import",
        "POST",
        "/api/templates/import/",
        lambda w: {"file": [_upload()], "workspace": w.workspace.pk},
        "403 2 2 2 400 401 400",
    ),
    (
        "templates.export",
        "GET",
        "/api/templates/export/?workspace={w.workspace.pk}",
        None,
        "2 2 2 2 400 401 400",
    ),
    ("labels.list", "GET", T + "labels/", None, "2 2 2 2 404 401 404"),
    (
        "labels.set",
        "POST",
        T + "labels/",
        lambda w: {"name": "staging", "version": 1},
        "403 2 2 2 404 401 404",
    ),
    ("labels.delete", "DELETE", T + "labels/production/", None, "403 2 2 2 404 401 404"),
    ("labels.history", "GET", T + "labels/production/history/", None, "2 2 2 2 404 401 404"),
    (
        "templates.release_gates",
        "PUT",
        T + "release-gates/",
        lambda w: {"release_gates": []},
        "403 403 403 2 404 401 404",
    ),
    # --- generations -----------------------------------------------------------------------------
    ("generations.list", "GET", "/api/generations/", None, "2 2 2 2 2 401 2"),
    (
        "generations.create",
        "POST",
        "/api/generations/",
        lambda w: {"template": w.template.pk, "variables": {"topic": "cats"}, "provider": "local"},
        "403 2 2 2 400 401 400",
    ),
    (
        "generations.stream",
        "POST",
        "/api/generations/stream/",
        lambda w: {"template": w.template.pk, "variables": {"topic": "cats"}, "provider": "local"},
        "403 2 2 2 400 401 400",
    ),
    ("generations.retrieve", "GET", G, None, "2 2 2 2 404 401 404"),
    (
        "generations.cancel",
        "POST",
        "/api/generations/{w.queued.pk}/cancel/",
        None,
        "403 2 2 2 404 401 404",
    ),
    ("generations.retry", "POST", G + "retry/", lambda w: {}, "403 2 2 2 404 401 404"),
    (
        "generations.feedback",
        "POST",
        G + "feedback/",
        lambda w: {"rating": 5, "feedback": "Good."},
        "403 2 2 2 404 401 404",
    ),
    ("providers.list", "GET", "/api/providers/", None, "2 2 2 2 2 401 2"),
    (
        "providers.list_for_workspace",
        "GET",
        "/api/providers/?workspace={w.workspace.pk}",
        None,
        "2 2 2 2 404 401 404",
    ),
    ("credentials.list", "GET", "/api/provider-credentials/", None, "2 2 2 2 2 401 2"),
    (
        "credentials.create",
        "POST",
        "/api/provider-credentials/",
        lambda w: {"workspace": w.workspace.pk, "provider": "anthropic", "api_key": "sk-ant-9999"},
        "403 403 2 2 400 401 400",
    ),
    (
        "credentials.delete",
        "DELETE",
        "/api/provider-credentials/{w.credential.pk}/",
        None,
        "403 403 2 2 404 401 404",
    ),
    # --- batches ---------------------------------------------------------------------------------
    ("batches.list", "GET", "/api/batches/", None, "2 2 2 2 2 401 2"),
    (
        "batches.create",
        "POST",
        "/api/batches/",
        lambda w: {"template": w.template.pk, "rows": [{"topic": "cats"}], "provider": "local"},
        "403 2 2 2 400 401 400",
    ),
    ("batches.retrieve", "GET", B, None, "2 2 2 2 404 401 404"),
    (
        "batches.cancel",
        "POST",
        "/api/batches/{w.running_batch.pk}/cancel/",
        None,
        "403 2 2 2 404 401 404",
    ),
    ("batches.retry_failed", "POST", B + "retry_failed/", None, "403 2 2 2 404 401 404"),
    ("batches.results", "GET", B + "results/?format=csv", None, "2 2 2 2 404 401 404"),
    ("batches.rows", "GET", B + "rows/", None, "2 2 2 2 404 401 404"),
    ("batches.events", "GET", B + "events/", None, "2 2 2 2 404 401 404"),
    ("batches.save_as_content", "POST", B + "save-as-content/", None, "403 2 2 2 404 401 404"),
    # --- evaluations -----------------------------------------------------------------------------
    ("datasets.list", "GET", "/api/datasets/", None, "2 2 2 2 2 401 2"),
    (
        "datasets.create",
        "POST",
        "/api/datasets/",
        lambda w: {"workspace": w.workspace.pk, "name": "New"},
        "403 2 2 2 400 401 400",
    ),
    ("datasets.retrieve", "GET", D, None, "2 2 2 2 404 401 404"),
    ("datasets.patch", "PATCH", D, lambda w: {"name": "Renamed"}, "403 2 2 2 404 401 404"),
    ("datasets.delete", "DELETE", D, None, "403 2 2 2 404 401 404"),
    ("datasets.rows", "GET", D + "rows/", None, "2 2 2 2 404 401 404"),
    (
        "datasets.rows_add",
        "POST",
        D + "rows/",
        lambda w: {"rows": [{"variables": {"topic": "dogs"}}]},
        "403 2 2 2 404 401 404",
    ),
    (
        "datasets.import",
        "POST",
        D + "import/",
        lambda w: {"file": _rows_upload()},
        "403 2 2 2 404 401 404",
    ),
    (
        "datasets.copy_batch",
        "POST",
        D + "copy-batch/",
        lambda w: {"batch": w.finished_batch.pk},
        "403 2 2 2 404 401 404",
    ),
    ("evaluations.list", "GET", "/api/evaluations/", None, "2 2 2 2 2 401 2"),
    (
        "evaluations.create",
        "POST",
        "/api/evaluations/",
        lambda w: {"template": w.template.pk, "dataset": w.dataset.pk, "provider": "local"},
        "403 2 2 2 400 401 400",
    ),
    ("evaluations.retrieve", "GET", E, None, "2 2 2 2 404 401 404"),
    ("evaluations.events", "GET", E + "events/", None, "2 2 2 2 404 401 404"),
    (
        "evaluations.compare",
        "GET",
        "/api/evaluations/compare/?a={w.evaluation.pk}&b={w.evaluation.pk}",
        None,
        "2 2 2 2 404 401 404",
    ),
    # --- analytics -------------------------------------------------------------------------------
    ("analytics.summary", "GET", A + "summary/" + IN_W, None, "2 2 2 2 404 401 404"),
    ("analytics.timeseries", "GET", A + "timeseries/" + IN_W, None, "2 2 2 2 404 401 404"),
    ("analytics.top_templates", "GET", A + "top-templates/" + IN_W, None, "2 2 2 2 404 401 404"),
    ("analytics.providers", "GET", A + "providers/" + IN_W, None, "2 2 2 2 404 401 404"),
    ("analytics.quality", "GET", A + "quality/" + IN_W, None, "2 2 2 2 404 401 404"),
    (
        "analytics.versions",
        "GET",
        A + "versions/?template={w.template.pk}",
        None,
        "2 2 2 2 404 401 404",
    ),
    ("analytics.usage_report", "GET", A + "reports/usage/" + IN_W, None, "2 2 2 2 404 401 404"),
    ("analytics.cost_report", "GET", A + "reports/cost/" + IN_W, None, "2 2 2 2 404 401 404"),
]

CASES = [
    pytest.param(name, method, path, body, caller, expected, id=f"{name}-{caller}")
    for name, method, path, body, row in MATRIX
    for caller, expected in zip(CALLERS, row.split(), strict=True)
]


def _matches(status: int, expected: str) -> bool:
    return 200 <= status < 300 if expected == "2" else status == int(expected)


@pytest.mark.parametrize(("name", "method", "path", "body", "caller", "expected"), CASES)
def test_authorization_matrix(
    world: World,
    name: str,
    method: str,
    path: str,
    body: Body | None,
    caller: str,
    expected: str,
) -> None:
    client = world.clients[caller]
    data = body(world) if body else None
    multipart = bool(data) and "file" in data
    call = getattr(client, method.lower())
    response = call(path.format(w=world), data, format="multipart" if multipart else "json")
    content = b"" if response.streaming else response.content[:300]
    assert _matches(response.status_code, expected), (
        f"{method} {path} as {caller}: {response.status_code}, expected {expected}: {content!r}"
    )


def test_the_matrix_covers_every_operation_of_these_apps() -> None:
    """A new endpoint of any app must be added to the matrix."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    covered_prefixes = (
        "/api/workspaces",
        "/api/me",
        "/api/templates",
        "/api/generations",
        "/api/providers",
        "/api/provider-credentials",
        "/api/batches",
        "/api/analytics",
        "/api/datasets",
        "/api/evaluations",
    )
    operations = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        if path.startswith(covered_prefixes)
        for method in item
    }
    covered = {(method, _schema_path(path)) for _name, method, path, _body, _row in MATRIX}
    assert len(operations) >= 48
    assert operations - covered == set()
    assert covered - operations == set()  # and names no operation that does not exist


def _schema_path(path: str) -> str:
    """The matrix's path as the schema writes it."""
    replacements = {
        "{w.workspace.pk}/webhooks/": "{workspace_pk}/webhooks/",
        "{w.webhook.pk}": "{id}",
        "{w.delivery.pk}": "{delivery_id}",
        "{w.workspace.pk}": "{id}",
        "{w.template.pk}": "{id}",
        "{w.generation.pk}": "{id}",
        "{w.queued.pk}": "{id}",
        "{w.credential.pk}": "{id}",
        "{w.running_batch.pk}": "{id}",
        "{w.finished_batch.pk}": "{id}",
        "{w.other_member.user_id}": "{user_id}",
        "{w.api_key.pk}": "{key_id}",
        "{w.invitation.pk}": "{invitation_id}",
        "{w.dataset.pk}": "{id}",
        "{w.evaluation.pk}": "{id}",
        "labels/production/": "labels/{name}/",
        "versions/1/": "versions/{number}/",
    }
    for old, new in replacements.items():
        path = path.replace(old, new)
    return path.split("?")[0]
