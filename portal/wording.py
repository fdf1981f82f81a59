"""How the portal words a member's status for that person: "Pensionnée" for a woman, "Pensionné" for a man.

French and Arabic both agree the noun with the person ("Pensionnée" / "متقاعدة"). The core system
tells us the member's sex; when it does not (older exports), the neutral wording the site has
always used stays ("Pensionné(e)", get_status_display()). Every template and document that names
the member's status calls status_label(), so the rule lives here only.

The gendered labels are distinct English msgids rather than pgettext contexts on "Pensioner":
the translation tooling (scripts/fill_translations.py) keys entries by msgid alone.
"""

from django.utils.translation import gettext_lazy as _

from portal.models import MemberStatus, Sex

_LABELS = {
    (MemberStatus.CONTRIBUTING, Sex.FEMALE): _("Contributing member (woman)"),
    (MemberStatus.CONTRIBUTING, Sex.MALE): _("Contributing member (man)"),
    (MemberStatus.RETIRED, Sex.FEMALE): _("Pensioner (woman)"),
    (MemberStatus.RETIRED, Sex.MALE): _("Pensioner (man)"),
    (MemberStatus.SURVIVOR, Sex.FEMALE): _("Survivor's pension beneficiary (woman)"),
    (MemberStatus.SURVIVOR, Sex.MALE): _("Survivor's pension beneficiary (man)"),
}


def status_label(member):
    """The member's status, worded for them in the active language."""
    label = _LABELS.get((member.status, member.sex))
    return str(label) if label is not None else member.get_status_display()
