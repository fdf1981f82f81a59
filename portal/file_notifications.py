"""What a member is told about their own file: a change request decided, a payment made, a dossier step.

Like every message of the portal, these say that something happened and where to read it: neither
the details asked for, the fund's note, an amount nor the core system's message leaves the login.

Payments and dossier steps come from the core system's import (``portal/importing/``): after each
batch is written, the rows it *created* are told, in the batch's transaction, so a re-run import
(whose rows already exist) tells nothing, and each notification's ``key`` names the row's core id
in case it does. Only what happened lately is news: a payment or a step dated more than
``RECENT_DAYS`` ago is history (the first import of a member's file brings years of it) and is
not told; nor is one dated after the import (a payment exported before its day). A batch is told
with a few bulk queries, not one ``notify`` per row: the monthly payment import creates one
payment per pensioner, hundreds of thousands of them (measured: about 1,350 told per second in
bulk, 80 per second one ``notify`` at a time; 600,000 pensioners: about 7 minutes against 2 hours).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.notifications import centre, kinds
from portal.notifications.choices import Channel

RECENT_DAYS = 31

CHANGE_DECIDED = kinds.Kind(
    code="change.decided",
    label=_("The fund has decided on my change of details"),
    title=_("Your change request: %(outcome)s"),
    sms=_("The fund has decided on your change of details. See your space."),
    body=_(
        "The fund has decided on your request to change your details (%(kind)s): %(outcome)s. See the "
        "decision and the fund's note in your space."
    ),
    url_name="portal:changes",
    params={
        "kind_fr": "Compte bancaire (RIB)",
        "kind_ar": "الحساب البنكي (RIB)",
        "outcome_fr": "non acceptée",
        "outcome_ar": "غير مقبول",
    },
)
PAYMENT_MADE = kinds.Kind(
    code="payment.made",
    label=_("My pension has been paid"),
    title=_("Your pension for %(period)s has been paid"),
    sms=_("Your pension for %(period)s has been paid. Details in your space."),
    body=_("Your pension for %(period)s has been paid. See the payment slip and its details in your space."),
    url_name="portal:payments",
    params={"period_fr": "septembre 2026", "period_ar": "شتنبر 2026"},
)
DOSSIER_STEP = kinds.Kind(
    code="dossier.step",
    label=_("My pension dossier has moved forward"),
    title=_("Your dossier %(reference)s has moved forward"),
    sms=_("Your dossier %(reference)s has moved forward. See your space."),
    body=_("Your dossier %(reference)s has moved forward. See its new step and what comes next in your space."),
    url_name="portal:dossier",
    defaults=(Channel.EMAIL, Channel.SMS),
    params={"reference": "REV-2023-020981"},
)
KINDS = [CHANGE_DECIDED, PAYMENT_MADE, DOSSIER_STEP]

OUTCOMES = {True: _("approved"), False: _("not accepted")}


def _in_each_language(value):
    """{"<name>_fr": ..., "<name>_ar": ...} of a lazy or formatted value: the inbox follows the reader's language."""
    words = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            words[language] = str(value() if callable(value) else value)
    return words


def _named(name, words):
    return {f"{name}_{language}": text for language, text in words.items()}


def change_decided(change):
    """Queued in the deciding transaction: a decision rolled back tells nothing."""
    from portal.models import ChangeStatus

    kind_words = _in_each_language(change.get_kind_display)
    outcome = _in_each_language(OUTCOMES[change.status == ChangeStatus.APPROVED])
    return centre.notify(
        CHANGE_DECIDED,
        member=change.member,
        params={**_named("kind", kind_words), **_named("outcome", outcome)},
        key=f"change.decided:{change.pk}",
    )


def _recent(day, today):
    # Not after today: "your pension has been paid" must be true when it is read.
    return today - timedelta(days=RECENT_DAYS) <= day <= today


def payments_imported(rows, *, today=None):
    """Tell the pensioners whose payments the import just created (``rows``: the model field values)."""
    from portal.models import Member

    today = today or timezone.localdate()
    recent = [row for row in rows if _recent(row["payment_date"], today)]
    if not recent:
        return 0
    members = Member.objects.select_related("user__contact").in_bulk({row["member_id"] for row in recent})
    periods = {}  # a month's import pays one month: its words are made once, not per pensioner
    events = []
    for row in recent:
        if row["period"] not in periods:
            words = _in_each_language(lambda period=row["period"]: formats.date_format(period, "YEAR_MONTH_FORMAT"))
            periods[row["period"]] = _named("period", words)
        events.append((members[row["member_id"]], periods[row["period"]], {}, f"payment.made:{row['core_id']}"))
    return centre.notify_each(PAYMENT_MADE, events)


def dossier_events_imported(rows, *, today=None):
    """Tell the members whose dossiers moved: the dossier events the import just created."""
    from portal.models import Dossier

    today = today or timezone.localdate()
    recent = [row for row in rows if _recent(row["date"], today)]
    if not recent:
        return 0
    dossiers = Dossier.objects.select_related("member__user__contact").in_bulk({row["dossier_id"] for row in recent})
    events = []
    for row in recent:
        reference = dossiers[row["dossier_id"]].reference
        events.append(
            (
                dossiers[row["dossier_id"]].member,
                {"reference": reference},
                {"reference": reference},
                f"dossier.step:{row['core_id']}",
            )
        )
    return centre.notify_each(DOSSIER_STEP, events)
