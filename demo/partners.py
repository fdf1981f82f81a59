"""The demo's employers: two ministries, their HR officers, and civil servants reaching the age limit.

- « Ministère de l'Éducation nationale » with two regional academies (Rabat, Fès), « Ministère de la
  Santé » with a delegation, and « Ministère de la Justice » with the Meknès court of appeal, where
  Rachid Bennani (actif@demo.example, demo/simulator.py) works as a court clerk.
- Education's HR service: a preparer, a signatory (the organisation's administrator) and a reader,
  each with the demo password and a second factor already set up with a known TOTP secret, so that
  the partners' space can be tried at once (add TOTP_SECRET to an authenticator app).
- Eight civil servants reaching the age limit (from the pension rules) in the next 12 months; one of
  them has a dossier sent on time, one a dossier sent late, one a draft. Another has an account
  (fonctionnaire@demo.example) and no dossier yet: the whole journey can be tried on his file.

The member files go through the core-system importer (demo/simulator.py's helper), then each is placed
in its unit (the core system's export does not carry the employer yet). The dossiers are made through
the partners' services, as officers make them. Loading again changes nothing.
"""

import datetime

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django.utils import timezone

from demo import simulator
from demo.accounts import ensure_user
from demo.cases import _pdf
from portal.casework.eligibility import add_months
from portal.models import Member
from portal.partners import dossiers, scope
from portal.partners.choices import Role
from portal.partners.models import Officer, Organisation, RetirementDossier
from portal.pension_rules import schedule
from portal.pension_rules.names import Name

# A known secret (base32), printed by load_demo: the demo officers log in with it from any TOTP app.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

PREPARER = "rh.preparation@demo.example"
SIGNATORY = "rh.signature@demo.example"
READER = "rh.lecture@demo.example"
# A civil servant of the Rabat academy with an account and no dossier yet: the journey's civil servant.
CIVIL_SERVANT = "fonctionnaire@demo.example"

# core id, name, Arabic name, parent core id
ORGANISATIONS = [
    ("ADM-EDU", "Ministère de l'Éducation nationale", "وزارة التربية الوطنية", None),
    ("ADM-EDU-RBT", "Académie régionale de Rabat-Salé-Kénitra", "الأكاديمية الجهوية للرباط سلا القنيطرة", "ADM-EDU"),
    ("ADM-EDU-FES", "Académie régionale de Fès-Meknès", "الأكاديمية الجهوية لفاس مكناس", "ADM-EDU"),
    ("ADM-SAN", "Ministère de la Santé", "وزارة الصحة", None),
    ("ADM-SAN-CAS", "Délégation de la Santé de Casablanca", "مندوبية الصحة بالدار البيضاء", "ADM-SAN"),
    (
        "ADM-SAN-FES",
        "Centre hospitalier universitaire Hassan II, Fès",
        "المركز الاستشفائي الجامعي الحسن الثاني بفاس",
        "ADM-SAN",
    ),
    ("ADM-JUS", "Ministère de la Justice", "وزارة العدل", None),
    ("ADM-JUS-MKN", "Cour d'appel de Meknès", "محكمة الاستئناف بمكناس", "ADM-JUS"),
]

# e-mail, role shown in the summary, Role, administrator, first and last name
OFFICERS = [
    (PREPARER, "HR preparer, Ministry of Education (partners' space)", Role.PREPARER, False, "Nadia", "Chraibi"),
    (SIGNATORY, "HR signatory and administrator, Ministry of Education", Role.SIGNATORY, True, "Omar", "Lahlou"),
    (READER, "HR reader, Ministry of Education", Role.READER, False, "Samira", "Idrissi"),
]

# core id, unit, months until the age limit, first/last name (Latin, Arabic), sex, grade, dossier
# ("on_time": sent today, nine months or more before the date; "late": sent today, after its due date;
# "draft": started, not sent; "": none yet)
CIVIL_SERVANTS = [
    ("CORE-P-0001", "ADM-EDU-RBT", 11, ("Khalid", "Berrada"), ("خالد", "برادة"), "M", "Professeur agrégé", "on_time"),
    ("CORE-P-0002", "ADM-EDU-RBT", 4, ("Naima", "Sqalli"), ("نعيمة", "السقلي"), "F", "Inspectrice pédagogique", "late"),
    (
        "CORE-P-0003",
        "ADM-EDU-FES",
        8,
        ("Abdellah", "Kettani"),
        ("عبد الله", "الكتاني"),
        "M",
        "Directeur d'école",
        "draft",
    ),
    ("CORE-P-0004", "ADM-EDU-RBT", 10, ("Mustapha", "Alami"), ("مصطفى", "العلمي"), "M", "Professeur du secondaire", ""),
    ("CORE-P-0005", "ADM-EDU-FES", 6, ("Zineb", "Fassi Fihri"), ("زينب", "الفاسي الفهري"), "F", "Professeure", ""),
    ("CORE-P-0006", "ADM-EDU-FES", 2, ("Hicham", "Tazi"), ("هشام", "التازي"), "M", "Conseiller d'orientation", ""),
    ("CORE-P-0007", "ADM-SAN-CAS", 5, ("Latifa", "Benjelloun"), ("لطيفة", "بنجلون"), "F", "Infirmière principale", ""),
    ("CORE-P-0008", "ADM-SAN-CAS", 9, ("Rachida", "Ouali"), ("رشيدة", "والي"), "F", "Médecin chef", ""),
]
ACCOUNT_FILE = "CORE-P-0004"
# Existing demo files in service, placed in their unit (their career says where they work).
EMPLOYERS = {simulator.FILE: "ADM-JUS-MKN", "CORE-D-0002": "ADM-SAN-FES"}

ANSWERS = {
    "service": {"service_confirmed": True, "service_remarks": ""},
    "position": {"grade": "", "last_salary": "13800.00"},
}


def born_to_retire_on(retirement, rules=None):
    """A birth date whose age limit (pension rules) falls on ``retirement``, or the nearest day before."""
    rules = rules or schedule.load()
    birth = add_months(retirement, -63 * 12)
    for _attempt in range(3):  # the legal age depends on the birth date: settle in a step or two
        birth = add_months(retirement, -rules.whole(Name.LEGAL_AGE_MONTHS, birth))
    return birth


def load(today=None):
    """Organisations, officers, civil servants and dossiers; returns a summary for load_demo."""
    today = today or timezone.localdate()
    with transaction.atomic():
        units = _organisations()
        officers = [_officer(units["ADM-EDU"], *row) for row in OFFICERS]
        members = _civil_servants(units, today)
        _dossiers(members, officers, today)
    return {
        "accounts": [(email, role) for email, role, *_rest in OFFICERS]
        + [(CIVIL_SERVANT, "civil servant retiring within a year (no dossier yet)")],
        "totp_secret": TOTP_SECRET,
        "civil_servants": len(members),
    }


def _organisations():
    units = {}
    for core_id, name, name_ar, parent in ORGANISATIONS:
        units[core_id], _created = Organisation.objects.update_or_create(
            core_id=core_id, defaults={"name": name, "name_ar": name_ar, "parent": units.get(parent), "is_active": True}
        )
    return units


def _officer(organisation, email, _summary, role, is_admin, first_name, last_name):
    user = ensure_user(email, first_name=first_name, last_name=last_name)
    officer, _created = Officer.objects.update_or_create(
        user=user, defaults={"organisation": organisation, "role": role, "is_admin": is_admin, "revoked_at": None}
    )
    # The gate asks officers for a second factor: set it up once, with the published demo secret.
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TOTP_SECRET)
    return officer


def _civil_servants(units, today):
    rules = schedule.load()
    names = {core_id: name for core_id, name, *_rest in ORGANISATIONS}
    rows, careers = [], []
    for number, (core_id, unit, months, latin, arabic, sex, grade, _dossier) in enumerate(CIVIL_SERVANTS, start=1):
        birth = born_to_retire_on(add_months(today, months), rules)
        rows.append(
            {
                "core_id": core_id,
                "affiliation_number": f"AF19880{number:05d}",
                "pension_number": "",
                "national_id": f"PD{700100 + number}",
                "first_name": latin[0],
                "last_name": latin[1],
                "first_name_ar": arabic[0],
                "last_name_ar": arabic[1],
                "birth_date": birth.isoformat(),
                "affiliation_date": "1988-09-01",
                "status": "contributing",
                "sex": sex,
                "email": CIVIL_SERVANT if core_id == ACCOUNT_FILE else "",
                "phone": "",
                "address_line": "",
                "postal_code": "",
                "city": "",
                "bank_rib": "",
            }
        )
        careers.append(
            {
                "core_id": f"CAR-{core_id}",
                "member_core_id": core_id,
                "administration": names[unit],
                "grade": grade,
                "start_date": "1988-09-01",
                "end_date": "",
                "contribution_base": "12600.00",
            }
        )
    simulator._import("members", rows)
    simulator._import("careers", careers)
    placed = {row[0]: row[1] for row in CIVIL_SERVANTS} | EMPLOYERS
    for core_id, unit in placed.items():
        Member.objects.filter(core_id=core_id).exclude(employer=units[unit]).update(employer=units[unit])
    members = {member.core_id: member for member in Member.objects.filter(core_id__in=[r[0] for r in CIVIL_SERVANTS])}
    account = ensure_user(CIVIL_SERVANT, first_name="Mustapha", last_name="Alami")
    holder = members[ACCOUNT_FILE]
    if holder.user_id is None and not Member.objects.filter(user=account).exists():
        holder.user = account
        holder.save(update_fields=["user"])
    return members


def _dossiers(members, officers, today):
    preparer, signatory, _reader = officers
    for core_id, _unit, _months, _latin, _arabic, _sex, grade, kind in CIVIL_SERVANTS:
        member = members[core_id]
        if not kind or RetirementDossier.objects.filter(member=member).exists():
            continue
        where = scope.of_officer(preparer)
        dossier, _created = dossiers.start(scope=where, member_pk=member.pk, actor=preparer.user, language="fr")
        answers = {**ANSWERS, "position": {**ANSWERS["position"], "grade": grade}}
        retirement = dossier.retirement_date
        answers["decision"] = {
            "decision_number": f"{today.year}/{member.pk:04d}",
            "decision_date": today - datetime.timedelta(days=7),
            "leaving_date": retirement,
        }
        for step, data in answers.items():
            dossiers.save_step(scope=where, dossier=dossier, step=step, cleaned_data=data, actor=preparer.user)
        if kind == "draft":
            continue
        dossiers.add_documents(
            scope=where,
            dossier=dossier,
            uploads=[
                ("leaving_decision", _pdf("Décision de radiation des cadres")),
                ("service_certificate", _pdf("Attestation de services")),
            ],
            actor=preparer.user,
        )
        sent = timezone.now()
        dossiers.submit(scope=scope.of_officer(signatory), dossier=dossier, actor=signatory.user, now=sent)
