"""Account pages that allauth does not provide: closing the account, undoing an e-mail change,
and the list of sessions behind a fresh password."""

from allauth.account.decorators import reauthentication_required
from allauth.usersessions.views import list_usersessions
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from portal import account_security, audit
from portal.access import account_required
from portal.accounts import close_account
from portal.forms import ClosureForm
from portal.senders import mask_email


# Closing is for the account's holder, never while in someone else's file (it would close one's own).
@account_required(owner_only=True)
@reauthentication_required
def close(request):
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        close_account(request, form.cleaned_data["reason"])
        messages.success(request, _("Your account is closed. Your pension file stays with the fund."))
        return redirect("/")
    return render(request, "portal/close_account.html", {"form": form})


# Seeing one's sessions is harmless; ending them is an account-security change like the others.
sessions = login_required(reauthentication_required(allow_get=True)(list_usersessions))


@never_cache  # the page names the member's addresses
def undo_email_change(request, token):
    """The link in the notice sent to a replaced address: a page, then one button that undoes it."""
    try:
        _user, previous, current = account_security.read_token(token)
    except account_security.InvalidUndoLink:
        return render(request, "account/undo_email_change.html", {"invalid": True}, status=400)
    if request.method == "POST":
        account_security.undo_email_change(token=token, context=audit.AuditContext.from_request(request))
        if request.user.is_authenticated:
            logout(request)
        return render(request, "account/undo_email_change_done.html", {"previous": previous})
    context = {"previous": previous, "current": mask_email(current) if current else ""}
    return render(request, "account/undo_email_change.html", context)
