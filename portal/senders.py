"""How an enrolment code reaches the member: a small interface, so that an SMS gateway can be added.

``PORTAL_CODE_SENDER`` names the implementation: "email" (default: through the task
queue, to the e-mail address in the core system's file), "console" (development: the
code is written to the server's log) or a dotted path to a class with the same
methods (an SMS gateway would use ``member.phone``): ``can_reach``, ``destination``,
``send`` (the code) and ``send_lock_notice`` (the file's enrolment was locked after too
many wrong codes; a class without it falls back to the e-mail on file).
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.module_loading import import_string
from django_tasks import task

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

    def send_lock_notice(self, member, language):
        if member.email:
            enqueue_with_transaction(send_enrolment_lock_notice, member.email, language)


class ConsoleCodeSender(EmailCodeSender):
    """Development only: prints the code instead of sending it."""

    def send(self, member, code, language):
        logger.warning("Enrolment code for member %s: %s", member.affiliation_number, code)

    def send_lock_notice(self, member, language):
        logger.warning("Enrolment locked for member %s after too many wrong codes", member.affiliation_number)


_ALIASES = {"email": EmailCodeSender, "console": ConsoleCodeSender}


def get_sender():
    name = settings.PORTAL_CODE_SENDER
    cls = _ALIASES.get(name) or import_string(name)
    sender = cls()
    if not hasattr(sender, "send_lock_notice"):
        sender.send_lock_notice = EmailCodeSender().send_lock_notice
    return sender


@task()
def send_enrolment_lock_notice(address, language):
    """Tell the holder of a file that someone keeps typing wrong codes for it (the lock is the news)."""
    with translation.override(language):
        hours = settings.PORTAL_ENROLMENT_FILE_LOCK_HOURS
        context = {"site_name": settings.WAGTAIL_SITE_NAME, "hours": hours}
        subject = render_to_string("portal/email/enrolment_locked_subject.txt", context).strip()
        body = render_to_string("portal/email/enrolment_locked.txt", context)
    send_mail(" ".join(subject.split()), body, None, [address])
    return "sent"
