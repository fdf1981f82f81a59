"""Answering without an account: the letter's code and the birth date open a one-time answer page.

A pensioner abroad who cannot log in (no account, a forgotten password, a phone number that
changed) still answers: the letter's QR code opens this page with the code filled in; the birth
date is the second thing only they know together with the letter.

What it must never become is a way to learn about someone's file:
- a wrong code and a wrong birth date get exactly the same page (message, status, template,
  nothing of what was typed echoed back), and so does a locked code with the right date; the
  check is looked up by its code in every case, so the work done does not tell them apart;
- one client address has LIFE_CONTROL_ATTEMPTS_PER_HOUR tries an hour, and a check's code is
  locked for LIFE_CONTROL_CODE_LOCK_MINUTES after LIFE_CONTROL_CODE_MAX_FAILURES wrong dates
  (someone holding the letter but guessing the date); each failure is audited;
- the answer page shows the campaign's year, its deadline and the two ways to answer, nothing
  else of the file; the check's id lives in the session (its key rotated on success), never in
  the address or the form, for 30 minutes and one answer.
"""

import datetime
import time

from django.conf import settings
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from config import throttle
from portal import audit
from portal.lifecontrol import codes, services
from portal.lifecontrol.choices import AuditAction, Channel, Method
from portal.lifecontrol.forms import CertificateForm, LetterCodeForm, PhotosForm
from portal.lifecontrol.models import LifeCheck
from portal.lifecontrol.views import forget_screen_code, post_address, screen_code_for

WINDOW = 3600
SESSION_KEY = "lifecontrol_letter_code"
SENT_KEY = "lifecontrol_letter_code_sent"
# Time to take and send the photos once the code is accepted.
ANSWER_SECONDS = 30 * 60


def _throttle_key(request):
    return f"throttle:life-code:{audit.client_ip(request) or 'unknown'}:{int(time.time() // WINDOW)}"


def _code_page(request, form, *, status=200, error=""):
    return render(request, "lifecontrol/code.html", {"form": form, "error": error}, status=status)


def _no_match():
    return _(
        "This code and this date of birth do not open an answer. Check the code on your letter and your date "
        "of birth, then type both again. After several tries, wait an hour or call the fund."
    )


@require_http_methods(["GET", "HEAD", "POST"])
def code(request):
    if request.method != "POST":
        typed = (request.GET.get("code") or "")[:30]
        return _code_page(request, LetterCodeForm(initial={"code": typed}))
    if throttle.count(_throttle_key(request), window=WINDOW) > settings.LIFE_CONTROL_ATTEMPTS_PER_HOUR:
        message = _("Too many tries from your connection in the last hour. Please try again later, or call the fund.")
        response = _code_page(request, LetterCodeForm(), status=429, error=message)
        response["Retry-After"] = str(WINDOW - int(time.time()) % WINDOW)
        return response
    form = LetterCodeForm(request.POST)
    if not form.is_valid():
        return _code_page(request, form, status=400)
    check = _verified(request, form.cleaned_data["code"], form.cleaned_data["birth_date"])
    if check is None:
        # A fresh form: echoing what was typed would make the two kinds of failure differ.
        return _code_page(request, LetterCodeForm(), status=400, error=_no_match())
    request.session.cycle_key()  # a session fixed by someone else before the code is worth nothing after
    request.session[SESSION_KEY] = {"check": check.pk, "until": int(time.time()) + ANSWER_SECONDS}
    request.session.pop(SENT_KEY, None)
    return HttpResponseRedirect(reverse("lifecontrol:code_answer"), status=303)


def _verified(request, typed_code, birth_date):
    """The check the code opens with this birth date, or None (unknown code, wrong date, or locked).

    A wrong date counts against the check; the code locks for LIFE_CONTROL_CODE_LOCK_MINUTES at the
    LIFE_CONTROL_CODE_MAX_FAILURES-th, and while locked even the right date opens nothing."""
    now = timezone.now()
    context = audit.AuditContext.from_request(request)
    with transaction.atomic():
        check = (
            LifeCheck.objects.select_for_update(of=("self",))
            .select_related("member", "case")
            .filter(code_digest=codes.digest(typed_code), campaign__opened_at__isnull=False)
            .first()
        )
        if check is None:
            audit.log(AuditAction.LETTER_CODE_FAILED, actor=None, context=context, details={"reason": "code"})
            return None
        locked = check.code_locked_until is not None and check.code_locked_until > now
        if not locked and check.member.birth_date == birth_date:
            if check.code_failures or check.code_locked_until:
                LifeCheck.objects.filter(pk=check.pk).update(code_failures=0, code_locked_until=None)
            return check
        reason = "locked" if locked else "birth_date"
        if not locked:
            _count_failure(check, now)
        audit.log(
            AuditAction.LETTER_CODE_FAILED,
            actor=None,
            context=context,
            member=check.member,
            target=check.case.reference,
            details={"reason": reason},
        )
    return None


def _count_failure(check, now):
    # A lock that has run out starts a new count.
    failures = (0 if check.code_locked_until else check.code_failures) + 1
    if failures >= settings.LIFE_CONTROL_CODE_MAX_FAILURES:
        until = now + datetime.timedelta(minutes=settings.LIFE_CONTROL_CODE_LOCK_MINUTES)
        LifeCheck.objects.filter(pk=check.pk).update(code_failures=0, code_locked_until=until)
    else:
        LifeCheck.objects.filter(pk=check.pk).update(code_failures=failures, code_locked_until=None)


def _session_check(request):
    """The check this session's code opened, while its 30 minutes last; else None (and forgotten)."""
    entry = request.session.get(SESSION_KEY)
    if not isinstance(entry, dict) or not isinstance(entry.get("check"), int):
        return None
    if entry.get("until", 0) < time.time():
        request.session.pop(SESSION_KEY, None)
        return None
    return LifeCheck.objects.select_related("campaign").filter(pk=entry["check"]).first()


def _answer_page(request, check, *, certificate_form=None, photos_form=None, status=200):
    refused = services.may_answer(check)
    context = {
        "campaign": check.campaign,
        "refused": refused,
        "post_address": post_address(),
    }
    if not refused:
        context.update(
            certificate_form=certificate_form or CertificateForm(),
            photos_form=photos_form or PhotosForm(),
            screen_code=screen_code_for(request.session, check),
        )
    return render(request, "lifecontrol/code_answer.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def code_answer(request):
    check = _session_check(request)
    if check is None:
        return _code_page(request, LetterCodeForm(), status=200, error=_ended())
    if request.method != "POST" or services.may_answer(check):
        return _answer_page(request, check)
    method = request.POST.get("method")
    if method == Method.PHOTOS:
        form = PhotosForm(request.POST, request.FILES)
        forms = {"photos_form": form}
    else:
        form = CertificateForm(request.POST, request.FILES)
        forms = {"certificate_form": form}
        method = Method.CERTIFICATE
    if form.is_valid():
        try:
            services.submit(
                check,
                actor=None,
                method=method,
                files=form.files_to_send(),
                channel=Channel.LETTER_CODE,
                screen_code=screen_code_for(request.session, check) if method == Method.PHOTOS else "",
                context=audit.AuditContext.from_request(request),
            )
        except services.NotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            # One answer per code entry: the session forgets the check.
            forget_screen_code(request.session, check)
            request.session.pop(SESSION_KEY, None)
            request.session[SENT_KEY] = True
            # "#main": otherwise the browser keeps the form's fragment (#photos-title) across the redirect.
            return HttpResponseRedirect(reverse("lifecontrol:code_sent") + "#main", status=303)
    return _answer_page(request, check, status=400, **forms)


def _ended():
    return _("Your time to answer has ended, or the code was not entered yet. Type the code on your letter again.")


@require_safe
def code_sent(request):
    if not request.session.get(SENT_KEY):
        return redirect("lifecontrol:code")
    return render(request, "lifecontrol/code_sent.html")
