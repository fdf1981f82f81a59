"""An organisation's API tokens: created by its administrator officer, shown once, revoked at will.

A token is kept only as the SHA-256 of its key (``models.hash_key``) and the key's first
characters (to recognise it in a list); the key itself is returned once, by ``create``, and
cannot be read again. Revoking takes effect on the next request: the API looks the token up on
every request (``portal.partners.api_auth``). Both actions are in the audit log.
"""

from django.db import transaction
from django.utils import timezone

from portal import audit
from portal.partners.choices import ApiScope, AuditAction
from portal.partners.models import ApiToken, hash_key

# "emp_" and eight characters of the key: enough to tell tokens apart, far too few to guess the rest.
PREFIX_LENGTH = 12


def label(token):
    """Who acted, in the audit log, when an HR system did through this token (no account acted).

    Stored as written, not translated: an audit row names the token the same way in every language."""
    return f"API token {token.prefix}… of {token.organisation.name}"


def create(*, organisation, name, scopes, actor, context=None):
    """A new token for ``organisation``: (token, key). The key is shown once and never kept."""
    scopes = sorted({str(ApiScope(scope)) for scope in scopes})
    key = ApiToken.new_key()
    with transaction.atomic():
        token = ApiToken.objects.create(
            organisation=organisation,
            name=name.strip(),
            prefix=key[:PREFIX_LENGTH],
            key_hash=hash_key(key),
            scopes=scopes,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        audit.log(
            AuditAction.TOKEN_CREATED,
            actor=actor,
            context=context or audit.AuditContext.none(),
            target=f"{organisation.core_id} {token.prefix}",
            details={"name": token.name, "scopes": scopes},
        )
    return token, key


def revoke(*, token, actor, context=None, now=None):
    """Revoke ``token`` (at once: the next request with it is refused). Revoking twice changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
        token.refresh_from_db(fields=["revoked_at"])
        if changed:
            audit.log(
                AuditAction.TOKEN_REVOKED,
                actor=actor,
                context=context or audit.AuditContext.none(),
                target=f"{token.organisation.core_id} {token.prefix}",
                details={"name": token.name},
            )
    return token
