"""The member services that procedure pages may point at ("Start online", cms.online_services).

Only services that exist today are listed: a procedure page can promise nothing else. When a new
service ships (a pension application, a life certificate), register it here and editors can pick it.
"""

from django.utils.translation import gettext_lazy as _

from cms import online_services

SERVICES = (
    ("attestations", _("Download my attestations"), "portal:attestations"),
    ("changes", _("Change my details (address, phone, e-mail, bank account)"), "portal:changes"),
    ("claim", _("File a claim"), "claims:new"),
    ("payments", _("My payments"), "portal:payments"),
    ("career", _("See my career"), "portal:career"),
    ("enrol", _("Link my account to my pension file"), "portal:enrol"),
)


def register_portal_services():
    for code, label, url_name in SERVICES:
        online_services.register(code, label, url_name)
