"""The staff's side of the notification centre in the Wagtail admin: announcements and the delivery log.

Announcements (notifications.add_announcement, the "Member messages" group): the form, then a
confirmation that says how many members will be told, then ``announcements.announce`` (the
fan-out runs in the task queue). Nothing is sent without the confirmation step.

The delivery log (notifications.view_delivery, case and claims agents): what was sent to whom,
when, by which channel, and the provider's answer, to answer "I never got the text message".
It is searched by one exact value (an affiliation or pension number, an e-mail address, a phone
number), never browsed by name, and every reading is audited, with the member when the search
named one: a member sees it in "who acted on my file".
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal import audit
from portal.access import staff_permission_required
from portal.audit import AuditContext
from portal.models import Member
from portal.notifications import announcements, kinds, permissions, phones
from portal.notifications.admin_forms import AnnouncementForm, DeliverySearchForm
from portal.notifications.choices import AuditAction, Channel
from portal.notifications.models import Announcement, Delivery

PAGE_SIZE = 50


def _page_query(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# Announcements


@staff_permission_required(permissions.ANNOUNCE)
def announcements_list(request):
    page = Paginator(Announcement.objects.select_related("created_by"), PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(announcements.audience_choices())
    for announcement in page:
        announcement.audience_label = labels.get(announcement.audience, announcement.audience)
    return render(request, "notifications/admin/announcements.html", {"page": page, "query": ""})


@staff_permission_required(permissions.ANNOUNCE)
def announcement_new(request):
    """The form; posted, the confirmation with the number of members told; confirmed, the announcement."""
    form = AnnouncementForm(request.POST or None)
    if request.method != "POST":
        return render(request, "notifications/admin/announcement_form.html", {"form": form})
    if not form.is_valid():
        messages.error(request, _("Nothing was sent: please correct the form."))
        return render(request, "notifications/admin/announcement_form.html", {"form": form}, status=400)
    data = form.cleaned_data
    if "edit" in request.POST:  # back from the confirmation to change the words
        values = {name: value for name, value in data.items() if name != "confirmed"}
        return render(request, "notifications/admin/announcement_form.html", {"form": AnnouncementForm(initial=values)})
    if not data["confirmed"]:
        return render(
            request,
            "notifications/admin/announcement_confirm.html",
            {
                "form": AnnouncementForm(initial={**data, "confirmed": True}),
                "data": data,
                "audience_label": dict(announcements.audience_choices())[data["audience"]],
                "count": announcements.members_of(data["audience"]).count(),
            },
        )
    announcement = announcements.announce(
        title={"fr": data["title_fr"], "ar": data["title_ar"]},
        text={"fr": data["text_fr"], "ar": data["text_ar"]},
        audience=data["audience"],
        actor=request.user,
        context=AuditContext.from_request(request),
    )
    messages.success(
        request, _("The message “%(title)s” is being sent to the members.") % {"title": announcement.title_fr}
    )
    return redirect("notifications_announcements")


# The delivery log


def _masked(delivery):
    if delivery.channel == Channel.SMS:
        return phones.masked(delivery.destination)
    name, _at, domain = delivery.destination.partition("@")
    return f"{name[:2]}{'•' * max(len(name) - 2, 3)}@{domain}"


def _search(query):
    """(deliveries matching ``query`` exactly, the member it names or None)."""
    query = query.strip()
    member = (
        Member.objects.filter(Q(affiliation_number__iexact=query) | Q(pension_number__iexact=query)).first()
        if query
        else None
    )
    if member is not None:
        return Delivery.objects.filter(notification__member=member), member
    if "@" in query:
        found = Delivery.objects.filter(channel=Channel.EMAIL, destination__iexact=query)
    else:
        try:
            number = phones.parse(query)
        except ValidationError:
            return Delivery.objects.none(), None
        found = Delivery.objects.filter(channel=Channel.SMS, destination=number)
    members = set(found.exclude(notification__member=None).values_list("notification__member", flat=True)[:2])
    return found, (Member.objects.get(pk=members.pop()) if len(members) == 1 else None)


@staff_permission_required(permissions.VIEW_DELIVERIES)
def deliveries(request):
    form = DeliverySearchForm(request.GET or None)
    page, searched, member = None, False, None
    if form.is_valid() and form.cleaned_data["q"].strip():
        searched = True
        data = form.cleaned_data
        found, member = _search(data["q"])
        if data["status"]:
            found = found.filter(status=data["status"])
        if data["channel"]:
            found = found.filter(channel=data["channel"])
        found = found.select_related("notification__member").order_by("-notification__created_at", "-pk")
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        for delivery in page:
            delivery.masked_destination = _masked(delivery)
            try:
                delivery.kind_label = kinds.get(delivery.notification.kind).label
            except KeyError:
                delivery.kind_label = delivery.notification.kind
        audit.log(
            AuditAction.DELIVERIES_VIEWED,
            actor=request.user,
            context=AuditContext.from_request(request),
            member=member,
            target="deliveries",
            details={
                "search": "member" if member is not None else ("email" if "@" in data["q"] else "phone"),
                "status": data["status"],
                "channel": data["channel"],
                "shown": len(page.object_list),
            },
        )
    return render(
        request,
        "notifications/admin/deliveries.html",
        {"form": form, "page": page, "searched": searched, "member": member, "query": _page_query(request)},
        status=400 if form.errors else 200,
    )
