"""The notification centre's pages: the inbox, how one is told, and the mobile number for text messages.

Every page is the signed-in account's own (``owner_only``): a proxy, a legal representative or
an agent at the counter does not read a member's messages nor change how they are told. Open to
any account (``account_required``): a widow following her survivor's pension without a file of
her own is told too.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import account_required, member_of
from portal.audit import AuditContext
from portal.notifications import centre, kinds, mobile, phones, rendering, selectors, services
from portal.notifications.choices import Channel
from portal.notifications.forms import CodeForm, MobileForm, PreferencesForm
from portal.notifications.models import Notification

PAGE_SIZE = 25


@account_required(owner_only=True)
def inbox(request):
    page = Paginator(selectors.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    language = get_language()
    items = [(notification, rendering.render(notification, language)) for notification in page]
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "items": items, "unread_total": selectors.unread_count(request)},
    )


@account_required(owner_only=True)
def open_notification(request, pk):
    """Mark the message read and go to the page it is about (or back to the inbox)."""
    try:
        notification = services.mark_read(
            notification_id=pk, actor=request.user, context=AuditContext.from_request(request)
        )
    except Notification.DoesNotExist as missing:
        raise Http404 from missing
    message = rendering.render(notification, get_language())
    return redirect(message.path or "notifications:inbox")


@account_required(owner_only=True)
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(actor=request.user, context=AuditContext.from_request(request))
    if count:
        messages.success(request, _("Every message is marked as read."))
    return redirect("notifications:inbox")


def _reach(account):
    """(contact, e-mail, mobile) as the centre would use them for this account."""
    contact = services.contact_for(account)
    found = centre.destinations(account, member_of(account), contact)
    return contact, found.get(Channel.EMAIL, ""), found.get(Channel.SMS, "")


@account_required(owner_only=True)
def preferences(request):
    contact, email, mobile_number = _reach(request.user)
    form = PreferencesForm(
        request.POST or None,
        kinds=kinds.choosable(),
        chosen=contact.channels,
        can_text=bool(mobile_number),
        initial={"language": contact.language if contact.pk else get_language()},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_preferences(
                    language=form.cleaned_data["language"],
                    channels=form.channels(),
                    actor=request.user,
                    context=AuditContext.from_request(request),
                )
            except services.NoMobile:
                form.add_error(None, _("Text messages need a mobile number: add one first."))
            else:
                messages.success(request, _("Your choices are saved."))
                return redirect("notifications:preferences")
        status = 400
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "email": email,
            "mobile": phones.masked(mobile_number),
            "own_mobile": bool(contact.mobile and contact.mobile_verified_at),
        },
        status=status,
    )


@account_required(owner_only=True)
def mobile_number(request):
    """Type a number: a code goes to it by SMS; the next page takes the code back."""
    contact = services.contact_for(request.user)
    form = MobileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mobile.start(
                number=form.cleaned_data["number"],
                session=request.session,
                language=get_language(),
                actor=request.user,
            )
        except mobile.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect("notifications:mobile_code")
    status = 400 if form.errors else 200
    return render(
        request,
        "notifications/mobile.html",
        {
            "form": form,
            "current": phones.masked(contact.mobile) if contact.mobile_verified_at else "",
            "minutes": mobile.CODE_MINUTES,
        },
        status=status,
    )


@account_required(owner_only=True)
def mobile_code(request):
    waiting = mobile.pending(request.session)
    if waiting is None:
        if request.method == "POST":
            messages.error(request, _("This code has expired or was tried too many times. Ask for a new one."))
        request.session.pop(mobile.SESSION_KEY, None)
        return redirect("notifications:mobile")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mobile.confirm(
                code=form.cleaned_data["code"],
                session=request.session,
                actor=request.user,
                context=AuditContext.from_request(request),
            )
        except mobile.Expired as refusal:
            messages.error(request, str(refusal))
            return redirect("notifications:mobile")
        except mobile.Refused as refusal:
            form.add_error("code", str(refusal))
        else:
            messages.success(request, _("Your mobile number is confirmed: text messages will go to it."))
            return redirect("notifications:preferences")
    status = 400 if form.errors else 200
    return render(
        request,
        "notifications/mobile_code.html",
        {"form": form, "number": waiting.number, "minutes": mobile.CODE_MINUTES},
        status=status,
    )


@account_required(owner_only=True)
@require_POST
def mobile_remove(request):
    services.remove_mobile(actor=request.user, context=AuditContext.from_request(request))
    messages.success(request, _("Your mobile number is removed."))
    return redirect("notifications:preferences")
