"""Text messages: how long one is, and the senders (an HTTP gateway, or the console for ``make run``).

``NOTIFICATIONS_SMS_SENDER`` names the sender: "console" (development: written to the log),
"gateway" (production) or a dotted path to a class with the same two methods. The gateway sender
speaks the request shape of a common provider's HTTP API (Infobip's "send SMS" and "SMS logs"):

- ``POST {url}/sms/2/text/advanced`` with ``Authorization: App {key}`` and
  ``{"messages": [{"destinations": [{"to": "212612345678", "messageId": "<ours>"}], "from": ..., "text": ...}]}``;
  the answer's ``messages[0].status.groupName`` is PENDING or DELIVERED when accepted, REJECTED
  or UNDELIVERABLE when refused;
- ``GET {url}/sms/1/logs?messageId=<ours>``: whether the provider has that message.

The message id is ours (the delivery's ``message_id``): after a time-out the worker asks the
provider whether it has the message before sending it again, so a message is neither lost nor sent
twice. A time-out or a refused connection raises ``Unanswered``; an answer is an ``Answer``.
"""

import json
import logging
from dataclasses import dataclass

import requests
from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# GSM 03.38: the basic alphabet (one septet each) and its extension table (two septets each).
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = set("^{}\\[~]|€\f")
ACCEPTED_GROUPS = {"PENDING", "DELIVERED"}


def length(text):
    """(units, per segment, per segment when split): GSM septets, or UCS-2 characters."""
    if all(char in GSM_BASIC or char in GSM_EXTENSION for char in text):
        return sum(2 if char in GSM_EXTENSION else 1 for char in text), 160, 153
    return len(text.encode("utf-16-le")) // 2, 70, 67


def segments(text):
    """How many messages the phone network will bill (and the phone reassemble) for ``text``."""
    units, single, split = length(text)
    return 1 if units <= single else -(-units // split)


@dataclass(frozen=True)
class Answer:
    accepted: bool
    provider_id: str = ""
    text: str = ""


class Unanswered(Exception):
    """No answer (time-out, connection refused or cut): the provider may or may not have the message."""


class ConsoleSender:
    """Development only: the message goes to the server's log."""

    def send(self, *, to, text, message_id):
        logger.warning("SMS to %s: %s", to, text)
        return Answer(accepted=True, provider_id=str(message_id), text="console")

    def lookup(self, message_id):
        return None


class GatewaySender:
    def __init__(self):
        self.url = settings.NOTIFICATIONS_SMS_GATEWAY_URL.rstrip("/")
        self.headers = {
            "Authorization": f"App {settings.NOTIFICATIONS_SMS_GATEWAY_KEY}",
            "Accept": "application/json",
        }
        self.sender_id = settings.NOTIFICATIONS_SMS_SENDER_ID
        self.timeout = settings.NOTIFICATIONS_SMS_TIMEOUT
        # One connection (one TLS handshake with the provider) for all the messages of a task.
        self.session = requests.Session()

    def _call(self, method, path, **kwargs):
        try:
            return self.session.request(method, self.url + path, headers=self.headers, timeout=self.timeout, **kwargs)
        except requests.RequestException as error:  # also a connection cut mid-answer: the provider may have it
            raise Unanswered(f"{type(error).__name__}: {error}"[:300]) from error

    def send(self, *, to, text, message_id):
        body = {
            "messages": [
                {
                    "destinations": [{"to": to.lstrip("+"), "messageId": str(message_id)}],
                    "from": self.sender_id,
                    "text": text,
                }
            ]
        }
        response = self._call("POST", "/sms/2/text/advanced", json=body)
        summary = f"HTTP {response.status_code} {response.text[:500]}"
        if response.status_code >= 500:
            raise Unanswered(summary)
        if response.status_code != 200:
            return Answer(accepted=False, text=summary)
        try:
            message = response.json()["messages"][0]
            group = message["status"]["groupName"]
        except (ValueError, KeyError, IndexError, TypeError):
            # A 200 we cannot read (a proxy's page): the provider may have the message; ask it before resending.
            raise Unanswered(summary) from None
        return Answer(accepted=group in ACCEPTED_GROUPS, provider_id=str(message.get("messageId", "")), text=summary)

    def lookup(self, message_id):
        """The provider's record of our message, if it has one (None: never received)."""
        response = self._call("GET", "/sms/1/logs", params={"messageId": str(message_id)})
        if response.status_code != 200:
            raise Unanswered(f"HTTP {response.status_code} {response.text[:300]}")
        try:
            results = response.json().get("results") or []
        except (ValueError, AttributeError) as error:
            raise Unanswered(response.text[:300]) from error
        if not results:
            return None
        status = (results[0].get("status") or {}).get("groupName", "")
        return Answer(
            accepted=status in ACCEPTED_GROUPS, provider_id=str(message_id), text=json.dumps(results[0])[:500]
        )


_ALIASES = {"console": ConsoleSender, "gateway": GatewaySender}


def get_sender():
    name = settings.NOTIFICATIONS_SMS_SENDER
    return (_ALIASES.get(name) or import_string(name))()
