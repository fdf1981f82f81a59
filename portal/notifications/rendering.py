"""A notification in words, in a given language: the inbox line, the e-mail, the text message.

Words are rendered when read, from the kind and the params stored with the notification, so the
inbox follows the language the reader has chosen on the page. A value given per language
(``title_fr``, ``title_ar``: an announcement's) is read in the message's language.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from portal.notifications import kinds


@dataclass(frozen=True)
class Message:
    title: str
    text: str  # the text message, and the inbox's second line
    body: str  # the e-mail's paragraph
    path: str  # the page in the portal, in the message's language ("" if none)

    @property
    def url(self):
        return settings.SITE_URL + self.path if self.path else ""


def _params(params, language):
    values = dict(params)
    suffix = f"_{language}"
    for key, value in params.items():
        if key.endswith(suffix):
            values[key[: -len(suffix)]] = value
    return values


def _format(template, values):
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        # A translation that lost a placeholder must not stop a notification: the untranslated words still say it.
        with translation.override(settings.LANGUAGE_CODE):
            return str(template) % values


def render(notification, language=None):
    kind = kinds.get(notification.kind)
    language = language or notification.language
    values = _params(notification.params, language)
    with translation.override(language):
        title = _format(kind.title, values)
        text = _format(kind.sms, values)
        body = _format(kind.body, values) if kind.body else text
        path = ""
        if kind.url_name:
            try:
                path = reverse(kind.url_name, kwargs=notification.url_kwargs or None)
            except NoReverseMatch:
                path = ""
    return Message(title=title, text=text, body=body, path=path)


def email(notification):
    """(subject, body) of the e-mail for ``notification``, in its language."""
    message = render(notification)
    with translation.override(notification.language):
        context = {
            "message": message,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
        }
        body = render_to_string("notifications/email.txt", context)
    return " ".join(message.title.split()), body
