"""The member services that procedure pages may point at ("Start online", cms.online_services).

Only services that exist today are listed: a procedure page can promise nothing else. When a new
service ships (a life certificate, a simulator), register it here and editors can pick it; each
procedure a person starts from their space is registered from the procedures' registry.
"""

from django.utils.translation import gettext_lazy as _

from cms import online_services

SERVICES = (
    ("attestations", _("Download my attestations"), "portal:attestations"),
    ("changes", _("Change my details (address, phone, e-mail, bank account)"), "portal:changes"),
    ("claim", _("File a claim"), "claims:new"),
    ("payments", _("My payments"), "portal:payments"),
    ("career", _("See my career"), "portal:career"),
    ("simulator", _("Simulate my pension"), "simulator:member"),
    ("enrol", _("Link my account to my pension file"), "portal:enrol"),
    ("procedures", _("My procedures (apply online)"), "casework:list"),
    ("report_death", _("Report a death (no account needed)"), "casework:report_death"),
)


def register_portal_services():
    for code, label, url_name in SERVICES:
        online_services.register(code, label, url_name)
    register_procedures()


def register_procedures():
    """One service per procedure a person starts from their space ("procedure:<code>"). Starting is a
    POST from the list of procedures (which also says why one is not open yet), so each points there."""
    from portal.casework import procedures
    from portal.casework.procedures import Audience

    for audience in (Audience.MEMBER, Audience.ACCOUNT):
        for procedure in procedures.startable_online(audience):
            online_services.register(f"procedure:{procedure.code}", procedure.title, "casework:list")
