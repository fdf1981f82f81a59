"""What each audit action is called: one registry, code -> translated label.

Each app registers its codes from its ``AppConfig.ready()`` (as Wagtail's ``register_log_actions``),
and whatever shows an action to a person reads ``label(code)``. Its own module, free of models,
so that ``portal.models`` (``AuditEvent.action_label``) and ``portal.audit`` can both read it.
"""

from django.utils.translation import gettext_lazy as _

UNKNOWN_ACTION = _("Other action")

_labels = {}


def register_action(code, label):
    """Give ``code`` its translated ``label`` (a lazy translation). Registering a code twice with
    a different label is a programming error: two apps would be writing the same code."""
    code = str(code)
    if code in _labels and str(_labels[code]) != str(label):
        raise ValueError(f"audit action {code!r} is already registered with another label")
    _labels[code] = label


def register_choices(choices):
    """Register every (code, label) of a TextChoices class or a choices list."""
    for code, label in getattr(choices, "choices", choices):
        register_action(code, label)


def label(code):
    """What a person reads for ``code``: its translated label, never the code itself."""
    return _labels.get(str(code), UNKNOWN_ACTION)


def is_registered(code):
    return str(code) in _labels


def registered_actions():
    """(code, label) pairs, in code order (the staff audit log's action filter)."""
    return sorted(_labels.items())
