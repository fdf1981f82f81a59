"""What a member can be told: each kind registered once, with its words and its rules.

Every feature declares its kinds next to the code that tells (``portal/claims/notifications.py``,
``portal/casework/notifications.py``...) and registers them from its ``AppConfig.ready()``, as
audit actions are. A kind holds:

- ``label``: what the member reads in their preferences ("Replies to my claims");
- ``title``: the inbox line and the e-mail's subject, a format string over the notification's
  ``params`` (``%(reference)s``);
- ``sms``: the text message, short enough for one segment in both languages (160 characters
  in the GSM alphabet, 70 once a character is outside it, as every Arabic letter is; a test
  renders every kind with the longest realistic values);
- ``url_name``: the portal page it points to, reversed with the notification's ``url_kwargs``;
- ``defaults``: the channels used until the member chooses;
- ``mandatory``: a kind the member cannot turn off (a suspension warning, someone given access
  to their file): it goes by every channel that reaches them.
"""

from dataclasses import dataclass, field

from portal.notifications.choices import Channel


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    title: str
    sms: str
    url_name: str = ""
    body: str = ""  # a longer e-mail paragraph; the SMS text when empty
    defaults: tuple = (Channel.EMAIL,)
    mandatory: bool = False
    in_preferences: bool = True
    params: dict = field(default_factory=dict)  # the longest realistic values, for the segment test

    @property
    def channels(self):
        return tuple(Channel) if self.mandatory else self.defaults


_kinds = {}


def register(kind):
    if kind.code in _kinds and _kinds[kind.code] is not kind:
        raise ValueError(f"notification kind {kind.code!r} is already registered")
    _kinds[kind.code] = kind
    return kind


def get(code):
    return _kinds[code]


def all_kinds():
    return sorted(_kinds.values(), key=lambda kind: kind.code)


def choosable():
    """The kinds a member sees in their preferences (mandatory ones are shown, locked)."""
    return [kind for kind in all_kinds() if kind.in_preferences]
