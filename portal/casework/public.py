"""The public "report a death" form: no account, one page, the same answer whoever died.

Anyone may tell the fund that a member or a pensioner has died, with the death certificate. The
answer never says whether the person was found in the fund's files (the form would otherwise be
a free way to learn who is a member): the received page, its status, headers and length are the
same either way, apart from the reference. The reference is kept in the session, never in the
address, so that the received page cannot be used to try references.

A report costs a stored file and an agent's time, so one client address may send a few per hour.
The hidden submission key (signed: it cannot be made up) makes a form sent twice (a double tap,
a reload) the same request.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from config import throttle
from portal import audit
from portal.casework import procedures, services
from portal.casework.models import Case
from portal.casework.procedures.base import to_json
from portal.casework.procedures.survivor import ReporterForm
from portal.files.fields import AttachmentsField

logger = logging.getLogger(__name__)

# At most this many reports per client address and per hour (a family reports one death).
REPORTS_PER_HOUR = 5
WINDOW = 3600
# The signed key is valid this long: enough to find the certificate and scan it.
KEY_MAX_AGE = 24 * 3600
KEY_SALT = "casework.report_death.key"
SESSION_KEY = "casework_death_report"


class DeathReportForm(ReporterForm):
    """The reporter's form with the death certificate."""

    certificate = AttachmentsField(
        required=True,
        label=gettext_lazy("Death certificate"),
        help_text=gettext_lazy("Required. A scan or a clear photo: PDF, JPEG or PNG, 10 MB each, up to 5 files."),
    )

    # The page's sections: who died, who reports, the certificate.
    GROUPS = (
        (
            gettext_lazy("The deceased"),
            ("identifier", "national_id", "last_name", "first_name", "birth_date", "death_date"),
        ),
        (gettext_lazy("You"), ("reporter_name", "relationship", "reporter_phone", "reporter_email")),
        (None, ("certificate",)),  # one field: its label is enough
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporter_name"].widget.attrs.update(autocomplete="name")
        self.fields["reporter_phone"].widget.attrs.update(autocomplete="tel", inputmode="tel", dir="ltr")
        self.fields["reporter_email"].widget.attrs.update(autocomplete="email", dir="ltr")

    def groups(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]


def new_key():
    """A random submission key, signed so that a key cannot be made up (nor another report's guessed)."""
    return signing.TimestampSigner(salt=KEY_SALT).sign(str(uuid.uuid4()))


def _signed_key(request):
    """The submission key a POST carries, if its signature holds and it is recent (else None)."""
    try:
        return uuid.UUID(signing.TimestampSigner(salt=KEY_SALT).unsign(request.POST.get("key", ""), KEY_MAX_AGE))
    except (signing.BadSignature, ValueError):
        return None


def _throttle_key(request):
    return f"throttle:death-report:{audit.client_ip(request) or 'unknown'}:{int(time.time() // WINDOW)}"


def _over_budget(request):
    """True once this address has used its reports for the hour (read only, nothing counted)."""
    return caches["default"].get(_throttle_key(request), 0) >= REPORTS_PER_HOUR


def _refusal(request):
    message = _(
        "Too many reports were sent from your connection in the last hour. Nothing was saved: "
        "please try again later, or call the fund."
    )
    response = render(request, "casework/report_death.html", {"throttled": message}, status=429)
    response["Retry-After"] = str(WINDOW - int(time.time()) % WINDOW)
    return response


def _received(request, reference):
    """To the received page (303: the browser follows with a GET), the reference kept in the session."""
    request.session[SESSION_KEY] = reference
    return HttpResponseRedirect(reverse("casework:report_received"), status=303)


def _page(request, form, key, status=200):
    context = {"form": form, "groups": form.groups(), "key": key, "procedure": procedures.get("death_report")}
    return render(request, "casework/report_death.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def report_death(request):
    if request.method != "POST":
        return _page(request, DeathReportForm(), new_key())

    key = _signed_key(request)
    if key is not None:
        # The same form sent again (a double tap, a reload): the request it made, nothing counted.
        existing = Case.objects.filter(submission_key=key).values_list("reference", flat=True).first()
        if existing is not None:
            return _received(request, existing)
    if _over_budget(request):
        return _refusal(request)

    form = DeathReportForm(request.POST, request.FILES)
    if form.is_valid() and key is None:
        form.add_error(None, _("This form is too old or was changed. Please attach the certificate and send it again."))
    if form.is_valid():
        # Counted only when something is about to be written: a mistake in the form costs nothing.
        if throttle.count(_throttle_key(request), window=WINDOW) > REPORTS_PER_HOUR:
            return _refusal(request)
        answers = dict(form.cleaned_data)
        files = answers.pop("certificate")
        try:
            case = services.report_death(
                {"report": to_json(answers)},
                files,
                key=key,
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
        except services.NotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            logger.info("Death reported on the public form: %s", case.reference)
            return _received(request, case.reference)
    # An expired or altered key is replaced, so that the next try goes through.
    return _page(request, form, request.POST.get("key") if key is not None else new_key(), status=400)


@require_safe
def report_received(request):
    """The same page whatever was found: only the reference differs."""
    reference = request.session.get(SESSION_KEY)
    if not reference:
        return redirect("casework:report_death")
    return render(request, "casework/report_received.html", {"reference": reference})
