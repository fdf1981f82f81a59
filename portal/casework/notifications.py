"""What the applicant is told about a request, through the notification centre (``portal/notifications``).

The messages say only that something happened and where to read it: what the request holds (the
decision's reason, the documents asked for) stays behind the login. They are in the request's
language, and each names its event in ``key``, so a retried task or service never tells twice.

Who is told: for a request about the member's own file, its holder (also when a proxy, a guardian
or an agent at the counter made it for them), at their account or, without one, at the addresses
on their file (a request of the fund's, "fund_documents", for a member who never logged in); for a
request about someone else's file (a survivor's pension: the deceased's), the account that made
it, never the file's. A public death report is told to no one (the address typed on a public form
is not verified; the agent calls or writes back).
"""

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from portal.notifications import centre, kinds
from portal.notifications.choices import Channel

SAMPLE = {"reference": "DEM-2026-000123"}

SUBMITTED = kinds.Kind(
    code="request.submitted",
    label=_("My request has been received"),
    title=_("Your request %(reference)s has been received"),
    sms=_("Your request %(reference)s has been received. Follow it in your space."),
    body=_(
        "The fund has received your request. Its reference is %(reference)s: please quote it in any exchange "
        "with the fund. Follow your request, download its receipt and send any document the fund asks for in "
        "your space."
    ),
    url_name="casework:detail",
    params=SAMPLE,
)
DOCUMENTS_REQUESTED = kinds.Kind(
    code="request.documents",
    label=_("The fund asks me for documents"),
    title=_("Your request %(reference)s: the fund needs documents"),
    sms=_("The fund needs documents for your request %(reference)s. See your space."),
    body=_(
        "To go on with your request %(reference)s, the fund needs one or more documents from you. Please send "
        "them by %(due)s. For your privacy, the list is not copied here: see what to send and send it in your "
        "space."
    ),
    url_name="casework:detail",
    defaults=(Channel.EMAIL, Channel.SMS),
    params={**SAMPLE, "due_fr": "30 septembre 2026", "due_ar": "30 شتنبر 2026"},
)
DECIDED = kinds.Kind(
    code="request.decided",
    label=_("The fund has decided on my request"),
    title=_("Your request %(reference)s: a decision has been made"),
    sms=_("The fund has decided on your request %(reference)s. See your space."),
    body=_(
        "The fund has made a decision on your request %(reference)s. For your privacy, the decision is not "
        "copied here: read it in your space."
    ),
    url_name="casework:detail",
    defaults=(Channel.EMAIL, Channel.SMS),
    params=SAMPLE,
)
KINDS = [SUBMITTED, DOCUMENTS_REQUESTED, DECIDED]


def recipient(case):
    """(member, account) to tell about ``case``: see the module's docstring; (None, None) for no one."""
    from portal.casework import procedures

    about_them = case.member if case.member_id and case.procedure in procedures.codes_about_the_member() else None
    if about_them is not None and (about_them.user_id is not None or case.applicant_id is None):
        # Their own file: the holder is told, also when a proxy or the counter made the request for them.
        return about_them, about_them.user
    if case.applicant_id is not None:
        # About someone else's file (a survivor's pension), or made by a guardian for a file without an account.
        return None, case.applicant
    return None, None


def _tell(kind, case, key, **params):
    member, account = recipient(case)
    if member is None and account is None:
        return None
    return centre.notify(
        kind,
        member=member,
        account=account,
        params={"reference": case.reference, **params},
        url_kwargs={"reference": case.reference},
        key=key,
        # A request of the fund's was not written in the member's language: their own choice applies.
        language=None if case.procedure == "fund_documents" else case.language,
    )


def submitted(case):
    return _tell(SUBMITTED, case, f"request.submitted:{case.pk}")


def documents_requested(case):
    """The documents asked for at once are one event: named by the newest request among them."""
    from portal.casework.choices import RequestStatus

    open_requests = list(case.document_requests.filter(status=RequestStatus.OPEN).order_by("due_on", "pk"))
    if not open_requests:
        return None
    due = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            due[f"due_{language}"] = formats.date_format(open_requests[0].due_on, "DATE_FORMAT")
    newest = max(request.pk for request in open_requests)
    return _tell(
        DOCUMENTS_REQUESTED, case, f"request.documents:{case.pk}:{newest}", due=due.get(f"due_{case.language}"), **due
    )


def decided(case):
    return _tell(DECIDED, case, f"request.decided:{case.pk}:{case.status}")
