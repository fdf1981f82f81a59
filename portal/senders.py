"""How an enrolment code reaches the member: a small interface, so that an SMS gateway can be added.

``PORTAL_CODE_SENDER`` names the implementation: "email" (default: through the task
queue, to the e-mail address in the core system's file), "console" (development: the
code is written to the server's log) or a dotted path to a class with the same two
methods (an SMS gateway would use ``member.phone``).
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from config.tasks import enqueue_with_transaction

logger = logging.getLogger(__name__)


def mask_email(address):
    local, _at, domain = address.partition("@")
    return f"{local[:1]}{'•' * max(len(local) - 1, 3)}@{domain}"


class EmailCodeSender:
    """Sends the code to the e-mail on file, after the enrolment step's transaction commits."""

    def can_reach(self, member):
        return bool(member.email)

    def destination(self, member):
        return mask_email(member.email)

    def send(self, member, code, language):
        from portal.tasks import send_enrolment_code

        enqueue_with_transaction(send_enrolment_code, member.email, code, language)


class ConsoleCodeSender(EmailCodeSender):
    """Development only: prints the code instead of sending it."""

    def send(self, member, code, language):
        logger.warning("Enrolment code for member %s: %s", member.affiliation_number, code)


_ALIASES = {"email": EmailCodeSender, "console": ConsoleCodeSender}


def get_sender():
    name = getattr(settings, "PORTAL_CODE_SENDER", "email")
    cls = _ALIASES.get(name) or import_string(name)
    return cls()
