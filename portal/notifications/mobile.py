"""Proving a mobile number before text messages go to it: a 6-digit code sent to it by SMS.

A number typed wrongly would send a stranger a member's messages, so a number is used only once
its owner has typed back the code sent to it. The code is kept hashed (salted HMAC) in the login
session, with the number, for ``CODE_MINUTES`` and ``MAX_TRIES`` wrong tries; a new code replaces
the previous one. Each code sent costs a text message and could be aimed at a stranger's phone,
so an account may ask for at most ``CODES_PER_HOUR`` codes an hour (a counter in the shared cache,
``config.throttle.count``).

The message leaves through the task queue, queued with the transaction (the page answers at once,
and a rolled-back request sends nothing). The task's arguments hold the text, code included, until
the worker runs it: a code that dies within ``CODE_MINUTES`` anyway.
"""

import datetime
import secrets
import uuid
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from config import throttle
from config.tasks import enqueue_with_transaction
from portal.digits import to_ascii
from portal.notifications import services

SESSION_KEY = "notifications_mobile_challenge"
CODE_MINUTES = 10
MAX_TRIES = 5
CODES_PER_HOUR = 3

# One segment in both languages: the French one has "é" (UCS-2, 70 characters), the Arabic one too.
CODE_SMS = _("Your pension fund code: %(code)s. It is valid for %(minutes)d minutes.")


class Refused(Exception):
    """Why the step could not be done, in words for the person (``str(error)``)."""


class TooManyCodes(Refused):
    pass


class WrongCode(Refused):
    pass


class Expired(Refused):
    pass


@dataclass(frozen=True)
class Pending:
    number: str
    expires_at: datetime.datetime


def _hash(salt, code):
    return salted_hmac("portal.notifications.mobile", f"{salt}:{code}", algorithm="sha256").hexdigest()


def _budget_key(account):
    return f"notifications:mobile-codes:{account.pk}"


def pending(session, now=None):
    """The number waiting for its code in this session, or None (none asked, or expired)."""
    challenge = session.get(SESSION_KEY)
    if not isinstance(challenge, dict):
        return None
    now = now or timezone.now()
    expires_at = datetime.datetime.fromisoformat(challenge["expires_at"])
    if expires_at <= now or challenge["tries"] >= MAX_TRIES:
        return None
    return Pending(number=challenge["number"], expires_at=expires_at)


@task()
def send_code(to, text, message_id):
    """Send the code (run by the worker). Not a notification: it goes to a number not yet the member's."""
    from portal.notifications import sms

    answer = sms.get_sender().send(to=to, text=text, message_id=message_id)
    return answer.accepted


def start(*, number, session, language, actor, now=None):
    """Send a code to ``number`` (E.164, already checked to be a mobile) and remember it in ``session``."""
    if throttle.count(_budget_key(actor), window=3600) > CODES_PER_HOUR:
        raise TooManyCodes(
            _("You asked for %(count)d codes in the last hour: wait an hour before asking for another one.")
            % {"count": CODES_PER_HOUR}
        )
    now = now or timezone.now()
    code = f"{secrets.randbelow(10**6):06d}"
    salt = secrets.token_hex(8)
    expires_at = now + datetime.timedelta(minutes=CODE_MINUTES)
    session[SESSION_KEY] = {
        "number": number,
        "hash": f"{salt}${_hash(salt, code)}",
        "expires_at": expires_at.isoformat(),
        "tries": 0,
    }
    with translation.override(language):
        text = str(CODE_SMS) % {"code": code, "minutes": CODE_MINUTES}
    enqueue_with_transaction(send_code, number, text, str(uuid.uuid4()))
    return Pending(number=number, expires_at=expires_at)


def confirm(*, code, session, actor, context, now=None):
    """The code typed is the one sent: the number becomes the account's mobile. Else ``Refused``."""
    challenge = session.get(SESSION_KEY)
    if pending(session, now) is None:
        session.pop(SESSION_KEY, None)
        raise Expired(_("This code has expired or was tried too many times. Ask for a new one."))
    salt, _sep, digest = challenge["hash"].partition("$")
    typed = "".join(to_ascii(code or "").split())
    if not constant_time_compare(digest, _hash(salt, typed)):
        challenge["tries"] += 1
        session[SESSION_KEY] = challenge  # saved with the tries counted
        left = MAX_TRIES - challenge["tries"]
        if left <= 0:
            session.pop(SESSION_KEY, None)
            raise Expired(_("This code was tried too many times. Ask for a new one."))
        raise WrongCode(_("This code is not the one we sent. Check it and try again."))
    session.pop(SESSION_KEY, None)
    return services.confirm_mobile(number=challenge["number"], actor=actor, context=context)
