"""Reading helped access: a member's people, the files an account may open. Another member's
grant is simply not found (404), never a 403 that would confirm it exists."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.proxies.models import Proxy


def people_of(member, now=None):
    """The member's people: in force, invitations waiting for an answer, and ended (latest first)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    in_force = list(member.proxies.in_force(today).select_related("holder"))
    waiting = list(member.proxies.open_invitations(now))
    shown = {proxy.pk for proxy in in_force + waiting}
    ended = list(member.proxies.exclude(pk__in=shown)[:20])
    return {"in_force": in_force, "waiting": waiting, "ended": ended}


def member_grant(member, pk):
    """One of ``member``'s own grants, or 404."""
    proxy = member.proxies.filter(pk=pk).first()
    if proxy is None:
        raise Http404
    return proxy


def files_of(user, today=None):
    """The grants in force that ``user`` holds: the files they may open, by the member's name."""
    if user is None or not user.is_authenticated:
        return Proxy.objects.none()
    return (
        Proxy.objects.in_force(today)
        .filter(holder=user)
        .select_related("member")
        .order_by("member__last_name", "member__first_name", "pk")
    )


def held_grant(user, pk):
    """A grant in force held by ``user``, or 404 (someone else's, ended or unknown)."""
    proxy = files_of(user).filter(pk=pk).first()
    if proxy is None:
        raise Http404
    return proxy


def described(member, events):
    """Audit events of ``member``'s file as the member reads them: who (by name: the name the member gave
    a proxy, the account's name for staff), how (``Via`` label, or the fund's staff) and what (its label)."""
    from portal.proxies.choices import Via

    names = dict(member.proxies.values_list("pk", "name"))
    rows = []
    for event in events:
        if event.via in (Via.PROXY, Via.GUARDIAN) and event.via_grant in names:
            who = names[event.via_grant]
        elif event.actor is not None:
            who = event.actor.get_full_name() or event.actor_label
        else:
            who = event.actor_label
        how = Via(event.via).label if event.via in Via.values else _("staff of the fund")
        rows.append({"event": event, "who": who, "how": how, "what": event.action_label})
    return rows
