"""Closing a portal account at the member's request.

Decision: the account is deactivated at once (it cannot log in again; every session
ends) and the request is kept for staff, who delete the account after checking that
nothing (an open claim, an investigation) requires keeping it. The member file itself
is the core system's record and stays; it is unlinked, so the person can enrol again
later with a new account.
"""

from allauth.usersessions.models import UserSession
from django.contrib.auth import logout
from django.db import transaction

from portal import audit
from portal.access import current_member
from portal.models import AccountClosureRequest, AuditAction


def close_account(request, reason=""):
    user = request.user
    member = current_member(request)
    with transaction.atomic():
        closure = AccountClosureRequest.objects.create(user=user, email=user.email, member=member, reason=reason)
        audit.record(request, AuditAction.ACCOUNT_CLOSED, member=member, target=f"user:{user.pk}")
        if member is not None:
            member.user = None
            member.save(update_fields=["user", "updated_at"])
        user.is_active = False
        user.save(update_fields=["is_active"])
    for session in UserSession.objects.filter(user=user):
        session.end()
    logout(request)
    return closure
