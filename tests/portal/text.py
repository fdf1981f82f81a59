"""Expected interface text: translated into the page's language, compared with the page's text."""

import html

from django.utils import translation


def shown(msgid, language="fr", *, context=None, **params):
    with translation.override(language):
        text = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
    return text % params if params else text


def text(response):
    """The page as a reader gets it: entities decoded (&#x27; is an apostrophe)."""
    return html.unescape(response.content.decode())


NOT_ACCEPTED = (
    "“%(name)s” is not a PDF, JPEG or PNG file (its content was checked, not its name). "
    "Only these formats are accepted."
)
POLYGLOT = "“%(name)s” hides another kind of file inside it and cannot be accepted."
TOO_MANY = "You can attach at most %(max)d files to one message; you sent %(count)d."
TOO_LARGE = "“%(name)s” is larger than %(max)d MB; send a smaller or compressed copy."
ACTIVE_PDF = (
    "“%(name)s” is a PDF with scripts, embedded files or actions that open other programs; "
    "it cannot be accepted. Print it to a new PDF and send that copy."
)
NOTHING_SENT = "Nothing has been sent. Please correct the following:"
REQUIRED = "This field is required."
INVALID_CHOICE = "Select a valid choice. %(value)s is not one of the available choices."
