"""Schema-driven testing: schemathesis fuzzes every operation of `/api/schema/` on a real server.

gunicorn serves the app on its own PostgreSQL database (`schemathesis_test`) and the configured
Redis, authenticated with an admin API key of a seeded workspace. Every response must be no server
error, carry a status code and a content type the schema declares for the operation, and match the
declared body. Examples per operation: the hypothesis profile (`ci` in `make test`, bounded
further below; `HYPOTHESIS_PROFILE=long` via `make test-schema-long`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import requires_env
from tests.hardening.live_server import LiveServer, live_server

pytestmark = [pytest.mark.integration, requires_env("DATABASE_URL", "REDIS_URL")]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
# Per operation (about 40 run now): bounded in `make test`, deeper in `make test-schema-long`.
EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES") or (300 if LONG else 12))


@schemathesis.deserializer("application/yaml")
def _read_yaml_as_the_importer_does(ctx: Any, response: Any) -> Any:
    """The export is read back with PyYAML's safe loader, as `import_templates` reads it.

    schemathesis' own YAML loader adds a float pattern that takes the plain scalar `._` (a text
    in YAML 1.1 and 1.2 alike) for a number and then fails to convert it.
    """
    return yaml.load(response.content.decode("utf-8"), Loader=_YAML_LOADER)


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@pytest.fixture(scope="session")
def server() -> Iterator[LiveServer]:
    with live_server() as running:
        yield running


@pytest.fixture(scope="session")
def api_schema(server: LiveServer) -> Any:
    schema = schemathesis.openapi.from_url(
        f"{server.url}/api/schema/?format=json",
        headers={"Authorization": f"Api-Key {server.api_key}"},
        wait_for_schema=30,
    )
    return schema


def _aim_at_the_seeded_objects(case: Any, server: LiveServer) -> None:
    """Point about half of the generated ids at objects that exist, so operations get past 404.

    The other half stay random: 404 on a stranger's or a missing object must hold as well. The
    key's own id is never aimed at, so no example revokes the key the run authenticates with.
    """
    parameters = case.path_parameters or {}
    raw_id = str(parameters.get("id", ""))
    if raw_id and hash(raw_id) % 2 == 0:
        if case.path.startswith("/api/templates/"):
            parameters["id"] = server.template_id
        elif case.path.startswith("/api/workspaces/"):
            parameters["id"] = server.workspace_id
    if isinstance(case.query, dict) and "workspace" in case.query and hash(str(case.query)) % 2:
        case.query["workspace"] = server.workspace_id
    if isinstance(case.body, dict) and "workspace" in case.body and hash(str(case.body)) % 2:
        case.body["workspace"] = server.workspace_id


def _fuzz(operation: Any, server: LiveServer) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=not LONG,  # the same examples in every `make test`; new ones in the long run
        database=None,
    )
    def run(case: Any) -> None:
        _aim_at_the_seeded_objects(case, server)
        case.call_and_validate(
            headers={"Authorization": f"Api-Key {server.api_key}"}, checks=CHECKS, timeout=30
        )

    run()


# schemathesis' own `from_fixture(...).parametrize()` reads `Function._nodeid`, which pytest 9
# no longer has; the operations are driven here instead, every failure collected and reported.
def test_every_operation_conforms_to_the_schema(api_schema: Any, server: LiveServer) -> None:
    failures: list[str] = []
    operations = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        try:
            _fuzz(operation, server)
        except Exception as error:  # each operation's failure is reported, the others still run
            failures.append(f"{operation.method.upper()} {operation.path}:\n{error}"[:3000])
    assert operations > 30, "the schema lost its operations"
    assert not failures, "\n\n".join(failures)


def test_the_key_used_is_still_valid_after_the_run(server: LiveServer) -> None:
    """The run must have exercised the operations as the key, not as an anonymous caller."""
    import urllib.request

    request = urllib.request.Request(
        f"{server.url}/api/workspaces/{server.workspace_id}/",
        headers={"Authorization": f"Api-Key {server.api_key}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
