"""The procedure types, in the order the member reads them. One module per family of types."""

from portal.casework.procedures.base import Audience, Procedure, Step, summary
from portal.casework.procedures.career_correction import CAREER_CORRECTION
from portal.casework.procedures.employer_dossier import EMPLOYER_DOSSIER
from portal.casework.procedures.fund_documents import FUND_DOCUMENTS
from portal.casework.procedures.life_certificate import LIFE_CERTIFICATE
from portal.casework.procedures.refund import CONTRIBUTIONS_REFUND
from portal.casework.procedures.retirement import EARLY_RETIREMENT, PENSION_AT_AGE_LIMIT
from portal.casework.procedures.survivor import DEATH_REPORT, SURVIVOR_PENSION

__all__ = ["Audience", "Procedure", "Step", "all_procedures", "codes_about_the_member", "get", "summary"]

_PROCEDURES = {
    procedure.code: procedure
    for procedure in (
        PENSION_AT_AGE_LIMIT,
        EARLY_RETIREMENT,
        SURVIVOR_PENSION,
        DEATH_REPORT,
        CONTRIBUTIONS_REFUND,
        CAREER_CORRECTION,
        FUND_DOCUMENTS,
        LIFE_CERTIFICATE,
        EMPLOYER_DOSSIER,
    )
}


def get(code):
    """The procedure for ``code``, or None."""
    return _PROCEDURES.get(code)


def all_procedures():
    return list(_PROCEDURES.values())


def choices():
    return [(procedure.code, procedure.title) for procedure in _PROCEDURES.values()]


def exported_codes():
    return [code for code, procedure in _PROCEDURES.items() if procedure.exported]


def codes_about_the_member():
    return [code for code, procedure in _PROCEDURES.items() if procedure.about_the_member]


def startable_online(audience):
    return [procedure for procedure in _PROCEDURES.values() if procedure.audience == audience]
