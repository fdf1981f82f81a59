"""Account-level pages that allauth does not provide: closing the account."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.accounts import close_account
from portal.forms import ClosureForm


@login_required
@reauthentication_required
def close(request):
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        close_account(request, form.cleaned_data["reason"])
        messages.success(request, _("Your account is closed. Your pension file stays with the fund."))
        return redirect("/")
    return render(request, "portal/close_account.html", {"form": form})
