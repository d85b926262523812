"""The OpenAPI schema is valid, warning-free, and declares every operation's error responses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator

ROOT = Path(__file__).resolve().parents[2]


def test_the_schema_validates_without_warnings(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            str(tmp_path / "schema.yaml"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_every_operation_declares_the_error_shape(schema: dict) -> None:
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert {"400", "429"} <= set(responses), f"{method} {path}"
            if "{" in path:
                assert "404" in responses, f"{method} {path}"
            if method in ("post", "put", "patch"):
                assert "409" in responses and "413" in responses, f"{method} {path}"
            error = responses["400"]["content"]["application/json"]["schema"]
            if "$ref" in error and path != "/api/batches/":
                assert error["$ref"] == "#/components/schemas/Error", f"{method} {path}"
    detail = schema["components"]["schemas"]["ErrorDetail"]
    assert set(detail["required"]) == {"code", "message", "fields"}


def test_authenticated_operations_declare_401_and_403(schema: dict) -> None:
    operation = schema["paths"]["/api/templates/{id}/"]["get"]
    assert {"401", "403", "404"} <= set(operation["responses"])
    register = schema["paths"]["/api/auth/register/"]["post"]
    assert "401" not in register["responses"]  # it authenticates nobody
    assert "403" in register["responses"]  # registration may be closed
    token = schema["paths"]["/api/auth/token/"]["post"]
    assert "401" in token["responses"]


def test_an_operations_own_declaration_wins(schema: dict) -> None:
    restore = schema["paths"]["/api/templates/{id}/restore/"]["post"]["responses"]
    assert "201" in restore and "200" not in restore
