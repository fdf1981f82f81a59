"""The pensioner's life-certificate pages in their space: what is expected, the two online answers,
the letter, their own files.

A son who helps his father abroad does it here too: a proxy who may act answers for the member
(``member_required`` lets a read-only proxy see, never post), and the audit context records
through whom. Every check and file is found through the member (``selectors``): another
member's is a 404. The pages only call ``services``; a refusal is a message, never a 500.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from portal.access import member_required
from portal.audit import AuditContext
from portal.files import downloads
from portal.lifecontrol import codes, letter_pdf, selectors, services
from portal.lifecontrol.choices import CheckStatus, Method
from portal.lifecontrol.forms import CertificateForm, PhotosForm

# The code shown for the photo check, per check, so that a reload (or the camera app taking the
# page's place on a small phone) keeps the code already written on the paper.
SCREEN_CODES = "lifecontrol_screen_codes"


def screen_code_for(session, check):
    kept = session.get(SCREEN_CODES) or {}
    code = kept.get(str(check.pk))
    if not code:
        code = codes.screen_code()
        session[SCREEN_CODES] = {**kept, str(check.pk): code}
    return code


def forget_screen_code(session, check):
    kept = dict(session.get(SCREEN_CODES) or {})
    if kept.pop(str(check.pk), None) is not None:
        session[SCREEN_CODES] = kept


def post_address():
    """Where a stamped form goes by post (the fund's address, or the letter's when not configured)."""
    return settings.FUND_ADDRESS


@member_required
@require_safe
def home(request):
    member = request.member
    check = selectors.current_check(member)
    context = {
        "check": check,
        "years": selectors.history(member),
        "post_address": post_address(),
        "can_answer": _may_act(request),
    }
    if check is not None:
        context.update(
            refused=services.may_answer(check),
            rejection=selectors.last_rejection(check) if check.status in _TO_SEND_AGAIN else None,
            suspended=check.status == CheckStatus.SUSPENDED,
        )
    return render(request, "lifecontrol/home.html", context)


# The statuses in which the latest rejection's reason still says what to do.
_TO_SEND_AGAIN = {CheckStatus.REJECTED, CheckStatus.OVERDUE, CheckStatus.SUSPENDED}


def _may_act(request):
    """The member, or someone whose access lets them act (not only read) for the member."""
    return not request.acting.on_behalf or request.acting.can_act


def _answerable(request):
    """The current check, or a redirect home with why there is nothing to send."""
    if not _may_act(request):
        messages.info(request, _("Your access to this file lets you read it, not answer for this person."))
        return None, redirect("lifecontrol:home")
    check = selectors.current_check(request.member)
    refused = services.may_answer(check) if check is not None else _("There is no life certificate to send now.")
    if refused:
        messages.info(request, refused)
        return None, redirect("lifecontrol:home")
    return check, None


def _posted(request):
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _send(request, check, form, *, method, screen_code=""):
    """Submit the answer; True when sent, else the refusal is added to the form."""
    try:
        services.submit(
            check,
            actor=request.user,
            method=method,
            files=form.files_to_send(),
            screen_code=screen_code,
            context=AuditContext.from_request(request),
        )
    except services.NotAllowed as refusal:
        form.add_error(None, str(refusal))
        return False
    messages.success(
        request, _("Thank you: your answer has been sent. The fund checks it and tells you of the decision.")
    )
    return True


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def certificate(request):
    check, away = _answerable(request)
    if away:
        return away
    form = CertificateForm(*_posted(request))
    if request.method == "POST" and form.is_valid() and _send(request, check, form, method=Method.CERTIFICATE):
        return redirect("lifecontrol:home")
    status = 400 if form.errors else 200
    return render(request, "lifecontrol/certificate.html", {"check": check, "form": form}, status=status)


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def photos(request):
    check, away = _answerable(request)
    if away:
        return away
    code = screen_code_for(request.session, check)
    form = PhotosForm(*_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and _send(request, check, form, method=Method.PHOTOS, screen_code=code)
    ):
        forget_screen_code(request.session, check)
        return redirect("lifecontrol:home")
    status = 400 if form.errors else 200
    return render(
        request, "lifecontrol/photos.html", {"check": check, "form": form, "screen_code": code}, status=status
    )


@member_required(reads=True)
@require_safe
def letter(request, campaign_id):
    check = selectors.own_check(request.member, campaign_id)
    content = letter_pdf.letter(check, base_url=settings.SITE_URL)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="life-certificate-{check.campaign.year}.pdf"'
    response["Cache-Control"] = "no-store, private"
    return response


@member_required(reads=True)
@require_safe
def answer_file(request, submission_id, file_id):
    return downloads.serve(selectors.own_file(request.member, submission_id, file_id))
