"""The audit log: who did what, when, from where, about which member.

The client address is the one allauth's rate limits use (``get_client_ip``), so the
log and the limits agree and follow the same proxy settings
(ALLAUTH_TRUSTED_CLIENT_IP_HEADER / ALLAUTH_TRUSTED_PROXY_COUNT, set from
TRUSTED_PROXY_IP_HEADER in the settings): a forged header is never believed unless
the operator said a trusted proxy sets it.
"""

from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from portal.models import AuditEvent


def client_ip(request):
    from allauth.core.internal.httpkit import get_client_ip

    try:
        return get_client_ip(request)
    except (ImproperlyConfigured, PermissionDenied, ValueError):
        # A malformed proxy header must not stop the action from being logged.
        return None


def record(request, action, *, member=None, target="", details=None):
    """Write one AuditEvent for the current request's user (None for a command or a task)."""
    user = getattr(request, "user", None) if request is not None else None
    authenticated = user is not None and user.is_authenticated
    return AuditEvent.objects.create(
        actor=user if authenticated else None,
        actor_label=(user.get_username() if authenticated else ""),
        actor_is_staff=bool(authenticated and user.is_staff),
        action=str(action),
        member=member,
        target=str(target)[:200],
        details=details or {},
        ip_address=client_ip(request) if request is not None else None,
        path=(request.path[:300] if request is not None else ""),
    )
