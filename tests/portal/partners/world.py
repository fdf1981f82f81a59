"""Two employers and their people, for the partners' tests (factories, not fixtures files).

Ministry A (« Ministère de l'Éducation nationale ») has two units, Rabat academy and Fès academy;
ministry B (« Ministère de la Santé ») has one. Each academy has civil servants reaching the age
limit soon. Officers: A's reader, preparer, signatory and administrator (whole ministry), a
preparer limited to Fès, and B's signatory. Every officer has a second factor (the gate asks for one).
"""

import datetime
from dataclasses import dataclass

from portal.partners.choices import Role
from portal.partners.models import Officer, Organisation
from tests.portal import factories

TODAY = datetime.date(2026, 12, 1)


def organisation(core_id, name, name_ar="", parent=None):
    return Organisation.objects.create(core_id=core_id, name=name, name_ar=name_ar, parent=parent)


def officer(organisation, role, email, *, is_admin=False, units=(), second_factor=True):
    user = factories.UserFactory(username=email, second_factor=second_factor)
    officer = Officer.objects.create(user=user, organisation=organisation, role=role, is_admin=is_admin)
    if units:
        officer.units.set(units)
    return officer


def civil_servant(unit, birth_date, **fields):
    """A civil servant in service, with a career since 1990."""
    member = factories.MemberFactory(employer=unit, birth_date=birth_date, status="contributing", **fields)
    factories.CareerPeriodFactory(member=member, start_date=datetime.date(1990, 9, 1), end_date=None)
    return member


@dataclass
class World:
    ministry_a: Organisation
    rabat: Organisation
    fes: Organisation
    ministry_b: Organisation
    b_unit: Organisation
    reader: Officer
    preparer: Officer
    signatory: Officer
    admin: Officer
    fes_preparer: Officer
    b_signatory: Officer
    # Born 1964-06-15: age limit (63) on 2027-06-15, due 2026-09-15 (already late on TODAY).
    rabat_servant: object
    # Born 1964-10-20: age limit 2027-10-20, due 2027-01-20.
    fes_servant: object
    # Born 1964-08-02, at ministry B.
    b_servant: object
    # Born 1980: far from retirement, not in the list.
    young: object


def build():
    ministry_a = organisation("ADM-EDU", "Ministère de l'Éducation nationale", "وزارة التربية الوطنية")
    rabat = organisation("ADM-EDU-RBT", "Académie régionale de Rabat", "الأكاديمية الجهوية للرباط", ministry_a)
    fes = organisation("ADM-EDU-FES", "Académie régionale de Fès", "الأكاديمية الجهوية لفاس", ministry_a)
    ministry_b = organisation("ADM-SAN", "Ministère de la Santé", "وزارة الصحة")
    b_unit = organisation("ADM-SAN-CAS", "Délégation de Casablanca", "مندوبية الدار البيضاء", ministry_b)
    return World(
        ministry_a=ministry_a,
        rabat=rabat,
        fes=fes,
        ministry_b=ministry_b,
        b_unit=b_unit,
        reader=officer(ministry_a, Role.READER, "lecteur@education.example"),
        preparer=officer(ministry_a, Role.PREPARER, "preparatrice@education.example"),
        signatory=officer(ministry_a, Role.SIGNATORY, "signataire@education.example"),
        admin=officer(ministry_a, Role.SIGNATORY, "admin@education.example", is_admin=True),
        fes_preparer=officer(ministry_a, Role.PREPARER, "fes@education.example", units=[fes]),
        b_signatory=officer(ministry_b, Role.SIGNATORY, "signataire@sante.example"),
        rabat_servant=civil_servant(rabat, datetime.date(1964, 6, 15), first_name="Amina", last_name="Tazi"),
        fes_servant=civil_servant(fes, datetime.date(1964, 10, 20), first_name="Driss", last_name="Fassi"),
        b_servant=civil_servant(b_unit, datetime.date(1964, 8, 2), first_name="Leila", last_name="Amrani"),
        young=civil_servant(rabat, datetime.date(1980, 1, 1), first_name="Yassine", last_name="Alaoui"),
    )
