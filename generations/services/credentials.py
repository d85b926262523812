"""Which key and base URL a workspace's calls to a provider use, and keeping stored keys secret.

A workspace's own credential wins over the server's (from the environment). Stored keys are
encrypted with Fernet; only their last four characters are ever shown again.

Every generation needs its workspace's stored credentials, so each process keeps them, keyed by
the workspace's `credentials_version`: saving or deleting a credential bumps that version in the
same transaction, and the next request, which reads the workspace row anyway, reads them afresh.
Change credentials through this module only (the API and the admin do).
"""

from __future__ import annotations

import base64
import hashlib
import threading
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import User, Workspace
from aiagency.errors import DomainError
from generations.models import ProviderCredential
from generations.outbound import BlockedAddress, UnresolvableHost, check_host
from generations.providers import Provider, build_provider, provider_class


def _fernet() -> Fernet:
    key = settings.FIELD_ENCRYPTION_KEY
    if not key:
        # Documented fallback: a key derived from SECRET_KEY, so development needs no setup.
        key = base64.urlsafe_b64encode(hashlib.sha256(settings.SECRET_KEY.encode()).digest())
    return Fernet(key)


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt_secret(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise DomainError(
            _(
                "A stored provider key cannot be decrypted: FIELD_ENCRYPTION_KEY changed. "
                "Store the key again."
            )
        ) from error


def check_base_url(base_url: str) -> None:
    """Refuse a workspace's base URL that would point this server at its own network (SSRF):
    loopback, private, link-local and reserved addresses, unless the host is one the operator
    allows in `PROVIDER_BASE_URL_ALLOWED_HOSTS` (a self-hosted model server on the LAN). The same
    rules hold again for every connection (`generations.outbound`): the host may resolve
    elsewhere by then. A URL carrying credentials (`user:password@`) is refused: they would be
    logged and shown with it; keys go in `api_key`."""
    parts = urlsplit(base_url)
    if parts.username is not None or parts.password is not None:
        raise DomainError(
            _("A base URL must not carry a user name or password; put the key in api_key."),
            field="base_url",
        )
    host = parts.hostname or ""
    try:
        check_host(host, allowed_hosts=settings.PROVIDER_BASE_URL_ALLOWED_HOSTS)
    except (BlockedAddress, UnresolvableHost) as error:
        raise DomainError(str(error), field="base_url") from error


def credential_save(
    *, workspace: Workspace, user: User, provider: str, api_key: str, base_url: str = ""
) -> ProviderCredential:
    """Create or replace the workspace's credential for `provider`."""
    if base_url:
        check_base_url(base_url)
    with transaction.atomic():
        credential, _created = ProviderCredential.objects.update_or_create(
            workspace=workspace,
            provider=provider,
            defaults={
                "encrypted_api_key": encrypt_secret(api_key) if api_key else "",
                "api_key_last4": api_key[-4:] if api_key else "",
                "base_url": base_url,
                "created_by": user,
            },
        )
        _bump_credentials_version(workspace.pk)
    return credential


def credential_delete(*, credential: ProviderCredential) -> None:
    with transaction.atomic():
        credential.delete()
        _bump_credentials_version(credential.workspace_id)


def _bump_credentials_version(workspace_id: int) -> None:
    Workspace.objects.filter(pk=workspace_id).update(
        credentials_version=F("credentials_version") + 1
    )


def _server_settings(provider: str) -> dict[str, Any]:
    return settings.AI_PROVIDERS.get(provider, {})


def provider_timeout(provider: str) -> float:
    return float(_server_settings(provider).get("timeout", 60.0))


def provider_for(
    *, provider: str, credentials: Mapping[str, ProviderCredential] | None = None
) -> Provider:
    """The adapter for `provider`, with the workspace's own credential when it has one.

    `credentials` maps provider names to the workspace's stored credentials
    (`workspace_credentials`)."""
    stored = (credentials or {}).get(provider)
    server = _server_settings(provider)
    api_key, base_url = server.get("api_key") or "", server.get("base_url") or ""
    # The operator's own base URL may be on the private network; a workspace's may not.
    allowed_hosts = {*settings.PROVIDER_BASE_URL_ALLOWED_HOSTS, urlsplit(base_url).hostname or ""}
    if stored is not None:
        if stored.encrypted_api_key:
            api_key = decrypt_secret(stored.encrypted_api_key)
        if stored.base_url:
            base_url = stored.base_url
            allowed_hosts = set(settings.PROVIDER_BASE_URL_ALLOWED_HOSTS)
    allowed_hosts.discard("")
    with _building_provider:
        return _shared_provider(provider, api_key, base_url, frozenset(allowed_hosts))


# `lru_cache` does not lock a miss: threads missing at once (a batch's first rows) would each
# build a client, and open connections, of their own. A hit under the lock takes microseconds.
_building_provider = threading.Lock()


@lru_cache(maxsize=128)
def _shared_provider(
    provider: str, api_key: str, base_url: str, allowed_hosts: frozenset[str]
) -> Provider:
    # An SDK client owns a connection pool and takes milliseconds to build: one per credential,
    # shared by every generation (the SDK clients are thread-safe). Its pool keeps a connection
    # alive for each of a batch runner's rows in flight (at least httpx's default 100).
    return build_provider(
        provider,
        api_key=api_key or None,
        base_url=base_url or None,
        allowed_hosts=allowed_hosts,
        connections=max(100, settings.BATCH_CONCURRENCY),
    )


def providers_in_use() -> set[str]:
    """The providers this deployment can call: the default one, those the server has a key or a
    base URL for, and those a workspace stored a credential for."""
    configured = {
        name for name, server in settings.AI_PROVIDERS.items()
        if server.get("api_key") or server.get("base_url")
    }  # fmt: skip
    stored = ProviderCredential.objects.values_list("provider", flat=True).distinct()
    return {settings.DEFAULT_AI_PROVIDER, *configured, *stored}


def import_adapters_in_use() -> None:
    """Import the adapters (and their SDKs) of `providers_in_use`, which the registry otherwise
    imports at a process's first call to each: a warm-up step (`aiagency.warmup`)."""
    for name in sorted(providers_in_use()):
        provider_class(name)


def workspace_credentials(*, workspace: Workspace) -> Mapping[str, ProviderCredential]:
    """The workspace's stored credentials by provider, as of its `credentials_version`."""
    return _credentials_at(workspace.pk, workspace.credentials_version)


@lru_cache(maxsize=1024)
def _credentials_at(workspace_id: int, version: int) -> Mapping[str, ProviderCredential]:
    credentials = ProviderCredential.objects.filter(workspace_id=workspace_id)
    return MappingProxyType({credential.provider: credential for credential in credentials})


def forget_stored_credentials() -> None:
    """Drop the credentials this process keeps. For tests: their rolled-back transactions can
    give a new workspace the id and version of an earlier one."""
    _credentials_at.cache_clear()
