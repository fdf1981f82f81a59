"""The portal services a procedure page may send a visitor to ("Start online").

cms must not know about members or claims, so it keeps only this registry: a code, a translated
label and the URL name of the service. The apps that provide services register them from their
``AppConfig.ready()`` (``portal.apps``); an editor picks one from that list, never types a URL, so a
page can only promise a service that exists. A code that is no longer registered (a service
withdrawn) simply shows nothing: the page stops promising it without an editor's intervention.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class OnlineService:
    code: str
    label: str  # a lazy translation: what the editor reads in the list
    url_name: str  # e.g. "portal:attestations"

    def path(self):
        """The service's path in the active language (/fr/portal/...), or "" if its URL is gone."""
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return ""

    def absolute_url(self):
        path = self.path()
        return settings.SITE_URL + path if path else ""


_services = {}


def register(code, label, url_name):
    """Offer a service to editors. Registering a code twice with another URL is a programming error."""
    existing = _services.get(code)
    if existing is not None and existing.url_name != url_name:
        raise ValueError(f"online service {code!r} is already registered for {existing.url_name}")
    _services[code] = OnlineService(code=code, label=label, url_name=url_name)


def get(code):
    """The registered service for ``code``, or None (unset or withdrawn)."""
    return _services.get(code) if code else None


def choices():
    """(code, label) pairs for the editor's list; read lazily, when the form is built."""
    return [(service.code, service.label) for service in _services.values()]
