from __future__ import annotations

import pytest

from accounts.models import API_KEY_ROLES, Role, role_at_least
from tests.factories import WorkspaceFactory


def test_a_reviewer_ranks_between_editor_and_admin() -> None:
    assert role_at_least(Role.REVIEWER, Role.EDITOR)
    assert not role_at_least(Role.EDITOR, Role.REVIEWER)
    assert role_at_least(Role.ADMIN, Role.REVIEWER)
    assert not role_at_least(Role.REVIEWER, Role.ADMIN)


def test_an_api_key_may_act_as_a_reviewer() -> None:
    assert Role.REVIEWER in dict(API_KEY_ROLES)


@pytest.mark.django_db
def test_self_approval_is_off_by_default() -> None:
    assert WorkspaceFactory().allow_self_approval is False
