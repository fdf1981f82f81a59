"""Demo requests, made through the casework services as people would make them.

- Hassan Ouazzani (the demo relative's account, no member file) applied for a survivor's pension
  after the death of Khadija Ouazzani (a demo file); the agent found the marriage certificate
  unreadable and asked for it again: the request waits for him.
- The fund asks Fatima Benali (the demo member) for a recent bank details certificate.

Each is made once: loading again finds it and changes nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation
from fpdf import FPDF

from demo.accounts import AGENT, RELATIVE
from demo.members import LINKED_FILE
from portal.casework import checklist, procedures, services
from portal.casework.choices import DocumentKind
from portal.casework.models import Case
from portal.files import uploads
from portal.models import Member

DECEASED_FILE = "CORE-D-0003"


def _pdf(title):
    """A one-page demo document. Its title is written in French whatever language is active (the PDF's
    built-in font has no Arabic letters)."""
    if not isinstance(title, str):
        with translation.override("fr"):
            title = str(title)
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=16)
    document.cell(text=f"{title} (demo document)")
    data = bytes(document.output())
    return uploads.validate_uploads([SimpleUploadedFile("document.pdf", data, "application/pdf")])


def load():
    """Make the demo requests that are missing; returns how many requests there are."""
    users = get_user_model().objects
    relative, agent = users.filter(username=RELATIVE).first(), users.filter(username=AGENT).first()
    deceased = Member.objects.filter(core_id=DECEASED_FILE).first()
    member = Member.objects.filter(core_id=LINKED_FILE).first()
    with transaction.atomic():
        if relative and deceased and agent and not Case.objects.filter(applicant=relative).exists():
            _survivor_application(relative, deceased, agent)
        if member and agent and not member.cases.filter(procedure="fund_documents").exists():
            services.ask_member_for_document(
                member,
                DocumentKind.BANK_DETAILS,
                actor=agent,
                message="Votre banque a changé de code : envoyez une attestation de RIB de moins de 3 mois.",
                due_on=timezone.localdate() + datetime.timedelta(days=20),
            )
    return Case.objects.count()


def _survivor_application(relative, deceased, agent):
    from portal import rib

    account = "0117800000123456789012"
    answers = {
        "deceased": {
            "identifier": deceased.pension_number,
            "national_id": deceased.national_id,
            "last_name": deceased.last_name,
            "first_name": deceased.first_name,
            "birth_date": deceased.birth_date.isoformat(),
            "death_date": (timezone.localdate() - datetime.timedelta(days=40)).isoformat(),
        },
        "applicant": {
            "relationship": "spouse",
            "marriage_date": "1982-07-10",
            "orphans": 0,
            "orphans_in_school": 0,
            "disabled_orphan": False,
        },
        "payment": {"bank_rib": f"{account}{rib.check_key(account):02d}"},
    }
    case = services.start(procedures.get("survivor_pension"), actor=relative, member=None, language="fr")
    for step, data in answers.items():
        case = services.save_step(case, step, data, actor=relative)
    for item in checklist.missing(case):
        services.add_documents(case, actor=relative, target=item.key, files=_pdf(item.label))
    case = services.submit(case, actor=relative)
    services.assign(case, agent, actor=agent)
    marriage = case.documents.get(kind=DocumentKind.MARRIAGE_CERTIFICATE)
    services.review_document(
        marriage, accepted=False, actor=agent, note="La copie est illisible : envoyez une copie lisible, page entière."
    )
