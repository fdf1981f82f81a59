"""Documents the fund asks for: an orphan's school certificate each year, a widow's
certificate of non-remarriage, a disability certificate… opened by an agent or the core system,
answered by the member with an upload. There are no questions: the request *is* the documents."""

from django.utils.translation import gettext_lazy as _

from portal.casework.procedures.base import Audience, Procedure

FUND_DOCUMENTS = Procedure(
    code="fund_documents",
    title=_("Documents requested by the fund"),
    summary=_("Send the documents the fund asks you for, before their deadline."),
    audience=Audience.FUND,
    days_to_decide=10,
)
