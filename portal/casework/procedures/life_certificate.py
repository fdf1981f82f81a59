"""The yearly life certificate of a pensioner living abroad, opened by a life-control campaign
(``portal.lifecontrol``). The request is the case the agents review and the member follows in
their timeline; how it is answered (certificate, photos, recorded by an agent) is the life
control's own page."""

from django.utils.translation import gettext_lazy as _

from portal.casework.procedures.base import Audience, Procedure

LIFE_CERTIFICATE = Procedure(
    code="life_certificate",
    title=_("Life certificate"),
    summary=_("Pensioners living abroad prove each year that they are alive, before the deadline."),
    audience=Audience.FUND,
    days_to_decide=10,
    page="lifecontrol:home",
    exported=False,
)
