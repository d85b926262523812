"""Workspace scoping and roles: the one place every app's views take them from.

A caller's roles are worked out once per request: a user has the roles of their memberships, an API
key has its acting role (the lower of its own and its creator's current one) in its own workspace
and nothing elsewhere. Views list only rows of those
workspaces, so another workspace's object is simply not found (404); a role too low for the action
answers 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.serializers import BaseSerializer

from accounts.models import ApiKey, Role, User, Workspace, role_at_least
from accounts.selectors import workspace_roles_for_user
from aiagency.filters import whole_number_param

_ROLES_ATTRIBUTE = "_workspace_roles"
_M = TypeVar("_M", bound=Model)
_Row = TypeVar("_Row")

if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView as _ViewSetBase
else:
    # At run time the viewset brings GenericAPIView; importing it here would be circular (DRF's
    # settings import accounts.authentication, which imports this module).
    class _ViewSetBase(Generic[_M]):
        pass


def signed_in_user(request: Request) -> User:
    """The caller's user, in a view that lets only signed-in callers in (its permissions have
    checked that already: the 401 is for a view that forgot to)."""
    if not isinstance(request.user, User):
        raise NotAuthenticated()
    return request.user


def workspace_roles(request: Request) -> dict[int, str]:
    """`{workspace_id: role}` for the caller, computed once per request."""
    roles = getattr(request, _ROLES_ATTRIBUTE, None)
    if roles is None:
        if isinstance(request.auth, ApiKey):
            roles = {request.auth.workspace_id: request.auth.acting_role}
        elif request.user and request.user.is_authenticated:
            roles = workspace_roles_for_user(user=request.user)
        else:
            roles = {}
        setattr(request, _ROLES_ATTRIBUTE, roles)
    return roles


def remember_workspace_roles(request: Request, roles: dict[int, str]) -> None:
    """Roles the authentication already read along with the user."""
    setattr(request, _ROLES_ATTRIBUTE, roles)


def forget_workspace_roles(request: Request) -> None:
    """Drop the per-request cache after the caller's memberships changed."""
    setattr(request, _ROLES_ATTRIBUTE, None)


def caller_role(request: Request, workspace_id: int) -> str | None:
    return workspace_roles(request).get(workspace_id)


def role_needed_message(needed: str) -> str:
    return _("This action needs the %(role)s role in this workspace.") % {
        "role": Role(needed).label.lower()
    }


def require_role(request: Request, workspace: Workspace, needed: str) -> str:
    """The caller's role in `workspace`; 404 without membership, 403 when it is below `needed`."""
    role = caller_role(request, workspace.pk)
    if role is None:
        raise NotFound()
    if not role_at_least(role, needed):
        raise PermissionDenied(role_needed_message(needed))
    return role


def required_role(request: Request, view: Any) -> str:
    """What the view's current action needs: `action_roles[action]`, else viewer to read and
    `write_role` (editor unless the view says otherwise) to write."""
    action_roles: dict[str, str] = getattr(view, "action_roles", {})
    if getattr(view, "action", None) in action_roles:
        return action_roles[view.action]
    if request.method in SAFE_METHODS:
        return Role.VIEWER
    return getattr(view, "write_role", Role.EDITOR)


def workspace_id_of(obj: Model) -> int:
    if isinstance(obj, Workspace):
        return obj.pk
    # Any model a workspace owns: no common base class declares the column.
    workspace_id: int = obj.workspace_id  # type: ignore[attr-defined]
    return workspace_id


class WorkspaceRolePermission(BasePermission):
    """Checks the caller's role in the workspace of the object being acted on."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request: Request, view: Any, obj: Model) -> bool:
        role = caller_role(request, workspace_id_of(obj))
        if role is None:
            raise NotFound()
        if not role_at_least(role, required_role(request, view)):
            raise PermissionDenied(role_needed_message(required_role(request, view)))
        return True


class WorkspaceScopedMixin(_ViewSetBase[_M]):
    """For viewsets over workspace-owned rows.

    Lists and lookups cover the caller's workspaces only, `?workspace=ID` narrows a list to one of
    them, and creation resolves and checks the workspace.
    """

    permission_classes = [WorkspaceRolePermission]
    workspace_lookup = "workspace"

    def get_queryset(self) -> QuerySet[_M]:
        queryset = super().get_queryset()
        ids = list(workspace_roles(self.request))
        queryset = queryset.filter(**{f"{self.workspace_lookup}__in": ids})
        wanted = whole_number_param(self.request.query_params, "workspace")
        if wanted is not None:
            queryset = queryset.filter(**{self.workspace_lookup: wanted})
        return queryset

    def filter_queryset(self, queryset: QuerySet[_M, _Row]) -> QuerySet[_M, _Row]:
        # Query filters, search and ordering shape a list; an action on one object (retrieve,
        # `versions/`) ignores them rather than answering 404 or 400 for a list's parameter.
        if getattr(self, "detail", False):
            return queryset
        return super().filter_queryset(queryset)

    def workspace_for_write(self, workspace: Workspace | None) -> Workspace:
        """The workspace a new row goes into: the one given, or the API key's; role checked."""
        if workspace is None and isinstance(self.request.auth, ApiKey):
            workspace = self.request.auth.workspace
        if workspace is None:
            raise ValidationError({"workspace": [_("This field is required.")]})
        require_role(self.request, workspace, required_role(self.request, self))
        return workspace

    def validated_for_create(
        self, serializer_class: type[BaseSerializer[Any]]
    ) -> tuple[Workspace, dict[str, Any]]:
        """A create's validated input, less its `workspace`, and that workspace
        (`workspace_for_write`)."""
        serializer = serializer_class(data=self.request.data, context={"request": self.request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        return self.workspace_for_write(data.pop("workspace", None)), data


class CallerWorkspaceField(serializers.PrimaryKeyRelatedField[Workspace]):
    """A workspace id, accepted only among the caller's workspaces ("does not exist" otherwise)."""

    def get_queryset(self) -> QuerySet[Workspace]:
        request = self.context["request"]
        return Workspace.objects.filter(pk__in=list(workspace_roles(request)))
