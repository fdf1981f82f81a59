"""manage.py load_demo [part ...]: the demo, through the real loaders.

The parts: accounts pages members claims cases helped lifecontrol partners synonyms steering.

Without arguments it loads everything and, when Elasticsearch is configured, rebuilds the index.
Idempotent: loading again updates what exists and creates what is missing. Never in production.
"""

import io
import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from demo import accounts, cases, claims, helped, lifecontrol, members, pages, partners, simulator, steering, synonyms

# In dependency order; a part brings the parts it needs (members are linked to the member account).
PARTS = {
    "accounts": (accounts.load, ()),
    "pages": (pages.load, ()),
    "members": (members.load, ("accounts",)),
    "claims": (claims.load, ("accounts", "members")),
    "cases": (cases.load, ("accounts", "members")),
    "helped": (helped.load, ("accounts", "members")),
    "lifecontrol": (lifecontrol.load, ("accounts", "members")),
    "partners": (partners.load, ("accounts", "members")),
    "synonyms": (synonyms.load, ()),
    "steering": (steering.load, ("accounts", "members")),
}


@contextmanager
def _quietly():
    """A summary instead of a thousand lines: Wagtail logs every page action and the task backend every
    task at INFO, and the demo claims are history, whose acknowledgement e-mails and text messages nobody
    should receive (the console backend and SMS sender of `make run` would print each of them); their
    notifications stay in the demo inboxes."""
    loggers = [logging.getLogger(name) for name in ("wagtail", "django_tasks", "portal.notifications.sms")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Load the demo: accounts, pages in French and Arabic, member files, claims, requests, "
        "a life-control campaign for pensioners abroad, employers and their HR officers, search synonyms."
    )

    def add_arguments(self, parser):
        parser.add_argument("parts", nargs="*", metavar="part", help=f"{', '.join(PARTS)} (default: all of them)")

    def handle(self, *args, parts, **options):
        unknown = set(parts) - set(PARTS)
        if unknown:
            raise CommandError(f"Unknown part(s): {', '.join(sorted(unknown))}. Choose among: {', '.join(PARTS)}.")
        wanted = set(parts or PARTS)
        for part in list(wanted):
            wanted.update(PARTS[part][1])
        with _quietly(), transaction.atomic():
            loaded = {name: PARTS[name][0]() for name in PARTS if name in wanted}
        if not parts and settings.ELASTICSEARCH["URL"]:
            call_command("search_index", "rebuild", stdout=io.StringIO())
        self._summary(loaded)

    def _summary(self, loaded):
        counts = {
            "pages": "{} pages in French and Arabic",
            "members": "{} member files",
            "claims": "{} claims",
            "cases": "{} requests",
            "helped": "{} people acting for a member",
            "synonyms": "{} synonym groups",
        }
        done = [text.format(loaded[name]) for name, text in counts.items() if name in loaded]
        self.stdout.write("Demo loaded: " + (", ".join(done) or "accounts") + ".")
        if "accounts" in loaded:
            self.stdout.write(f"Accounts (password {accounts.DEMO_PASSWORD}; staff set up TOTP at first login):")
            listed = list(loaded["accounts"])
            if "members" in loaded:
                listed.append((simulator.ACCOUNT, "member in service: the simulator, two career flags to report"))
            width = max(len(email) for email, _role in listed)
            for email, role in listed:
                self.stdout.write(f"  {email:<{width}}  {role}")
        if "members" in loaded:
            trial = members.enrolment_file()
            self.stdout.write(
                f"To try the enrolment, sign up with a new e-mail and give: affiliation number "
                f"{trial.affiliation_number}, CIN {trial.national_id}, birth date {trial.birth_date:%d/%m/%Y} "
                "(e-mails and codes are printed in the console of `make run`)."
            )
        if "lifecontrol" in loaded:
            self._life_control(loaded["lifecontrol"])
        if "partners" in loaded:
            self._partners(loaded["partners"])

    def _partners(self, employers):
        """The HR officers' accounts (second factor already set up) and the civil servant's."""
        self.stdout.write(
            f"Partners' space (/fr/partners/): {employers['civil_servants']} civil servants retiring within a year; "
            f"HR officers log in with the password above and a TOTP code from the secret {employers['totp_secret']}:"
        )
        width = max(len(email) for email, _role in employers["accounts"])
        for email, role in employers["accounts"]:
            self.stdout.write(f"  {email:<{width}}  {role}")

    def _life_control(self, life):
        """The accounts of the life control and what to type on the page without an account."""
        someone = life["without_account"]
        self.stdout.write(
            f'Life control: {life["checks"]} pensioners abroad in "{life["campaign"]}"; agent {life["agent"]}, '
            f"pensioner abroad with an account {life['pensioner']}."
        )
        self.stdout.write(
            f"  Without an account, at /fr/life-certificate/: code {life['code']}, "
            f"birth date {someone.birth_date:%d/%m/%Y} ({someone.first_name} {someone.last_name})."
        )
