"""Linking the logged-in account to a member file (rules in portal/enrolment.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal import enrolment
from portal.access import current_member
from portal.enrolment import Outcome
from portal.forms import CodeForm, EnrolmentForm

SESSION_KEY = "portal_enrolment_challenge"

MESSAGES = {
    # One message for every mismatch: it must not tell which field was wrong, nor whether a file exists.
    Outcome.NO_MATCH: lambda: _(
        "We could not link a file with these details. Check them against your documents and try again."
    ),
    Outcome.LOCKED: lambda: _(
        "Too many unsuccessful attempts: linking is paused for a while. Try again later or contact the fund."
    ),
    Outcome.FILE_LOCKED: lambda: _(
        "Too many wrong codes were typed for this file: linking it is paused to protect it, and its holder "
        "has been told. Try again later, or call or visit the fund to have it lifted."
    ),
    Outcome.STAFF_ACCOUNT: lambda: _(
        "A staff account cannot be linked to a pension file. To see your own file, create a personal "
        "account with your personal e-mail address."
    ),
    Outcome.ALREADY_LINKED: lambda: _(
        "This file is already linked to another account. If you did not do it, contact the fund."
    ),
    Outcome.NO_CONTACT: lambda: _(
        "We have no contact address on this file to send you a code. Please contact the fund to update it."
    ),
    Outcome.WRONG_CODE: lambda: _("This code is not the one we sent. Check it and try again."),
    Outcome.EXPIRED: lambda: _("This code has expired or was tried too many times. Ask for a new one."),
}


@login_required
def enrol(request):
    if current_member(request) is not None:
        return redirect("portal:dashboard")
    if request.user.is_staff:
        return render(request, "portal/enrol_staff.html", {"message": MESSAGES[Outcome.STAFF_ACCOUNT]()})
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = enrolment.start(request, **form.cleaned_data, language=get_language())
        if result.outcome is Outcome.CODE_SENT:
            request.session[SESSION_KEY] = result.challenge.pk
            request.session["portal_enrolment_destination"] = result.destination
            return redirect("portal:enrol_code")
        form.add_error(None, MESSAGES[result.outcome]())
    locked = enrolment.is_locked(request.user) or enrolment.address_is_locked(request)
    return render(request, "portal/enrol.html", {"form": form, "locked": locked})


@login_required
def enrol_code(request):
    if current_member(request) is not None:
        return redirect("portal:dashboard")
    if request.user.is_staff:
        return redirect("portal:enrol")
    challenge_id = request.session.get(SESSION_KEY)
    if challenge_id is None:
        return redirect("portal:enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = enrolment.confirm(request, challenge_id, form.cleaned_data["code"], language=get_language())
        if result.outcome is Outcome.LINKED:
            request.session.pop(SESSION_KEY, None)
            messages.success(request, _("Your account is now linked to your pension file."))
            return redirect("portal:dashboard")
        if result.outcome is not Outcome.WRONG_CODE:
            request.session.pop(SESSION_KEY, None)
            messages.error(request, MESSAGES[result.outcome]())
            return redirect("portal:enrol")
        form.add_error("code", MESSAGES[result.outcome]())
    destination = request.session.get("portal_enrolment_destination", "")
    return render(request, "portal/enrol_code.html", {"form": form, "destination": destination})
