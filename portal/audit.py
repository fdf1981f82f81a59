"""The audit log: who did what, when, from where, about which member; and what each action is called.

Every action code is registered once with a translated label (``portal/audit_actions.py``, as Wagtail's
``register_log_actions``): each app registers its codes from its ``AppConfig.ready()``
(``portal.apps``, ``portal.claims.apps``), and whatever shows an action to a person (the
member's "who acted on my file", the personal-data PDF, the staff audit log) reads
``label(code)``. An unknown code never shows raw: it reads "Other action".

Services record through ``log(...)`` with the acting user and an ``AuditContext`` the view
builds once from the request (``AuditContext.from_request``); a command or a task passes
``AuditContext.none()``. ``record(request, ...)`` is the shorthand for code that holds a request.

The client address is the one allauth's rate limits use (``get_client_ip``), so the
log and the limits agree and follow the same proxy settings
(ALLAUTH_TRUSTED_CLIENT_IP_HEADER / ALLAUTH_TRUSTED_PROXY_COUNT, set from
TRUSTED_PROXY_IP_HEADER in the settings): a forged header is never believed unless
the operator said a trusted proxy sets it.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from config.staff import works_for_the_fund
from portal.audit_actions import (
    UNKNOWN_ACTION,
    is_registered,
    label,
    register_action,
    register_choices,
    registered_actions,
)
from portal.models import AuditEvent

# The registry is imported here so that callers have one module to name (audit.label, audit.register_choices).
__all__ = ["UNKNOWN_ACTION", "is_registered", "label", "register_action", "register_choices", "registered_actions"]


def client_ip(request):
    from allauth.core.internal.httpkit import get_client_ip

    try:
        return get_client_ip(request)
    except (ImproperlyConfigured, PermissionDenied, ValueError):
        # A malformed proxy header must not stop the action from being logged.
        return None


@dataclass(frozen=True)
class AuditContext:
    """Where an action came from: built once in the view and handed to the services."""

    ip_address: str | None = None
    path: str = ""
    # How the action reached the member's file when it was not the member's own (``portal.proxies``).
    via: str = ""
    grant_id: int | None = None
    # Who acted when no account did (an employer's HR system through its API token): the services
    # of the case core log with this context, and the member still reads who it was.
    actor_label: str = ""

    @classmethod
    def from_request(cls, request):
        acting = getattr(request, "acting", None)
        if acting is not None and acting.on_behalf:
            return cls(ip_address=client_ip(request), path=request.path[:300], via=acting.via, grant_id=acting.grant_id)
        return cls(ip_address=client_ip(request), path=request.path[:300])

    @classmethod
    def none(cls):
        """A command or a task: no address, no page."""
        return cls()


def log(action, *, actor, context, member=None, target="", details=None, actor_label=""):
    """Write one AuditEvent for ``actor`` (None or anonymous for a command, a task or a visitor).

    ``actor_label``: who it was when no account acted (an employer's HR system, by its API token).
    """
    authenticated = actor is not None and actor.is_authenticated
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_label=(actor.get_username() if authenticated else actor_label or context.actor_label)[:254],
        actor_is_staff=works_for_the_fund(actor),
        action=str(action),
        member=member,
        target=str(target)[:200],
        details=details or {},
        ip_address=context.ip_address,
        path=context.path,
        via=context.via,
        via_grant=context.grant_id,
    )


def record(request, action, *, member=None, target="", details=None):
    """Write one AuditEvent for the current request's user (``request`` None for a command or a task)."""
    actor = getattr(request, "user", None) if request is not None else None
    context = AuditContext.from_request(request) if request is not None else AuditContext.none()
    return log(action, actor=actor, context=context, member=member, target=target, details=details)
