"""The life control in the demo: pensioners abroad, this year's campaign, answers waiting for an agent.

- Thirteen pensioners and survivors living in France, Spain, Belgium, Canada, Germany, Italy, the
  Netherlands and the United States come in through the members' importer (``import_members``, with
  their ``country``), as the core system's export brings them.
- Mohamed Tazi, in Lyon, has an account (``retraite.france@demo.example``): he answers from his space.
  Aïcha Berrada, in Madrid, has none: the summary prints her letter's code and birth date, to try the
  page without an account.
- The fund's life-control agent (``controle.vie@demo.example``, group "Life-control agents") opened
  this year's campaign ten days ago (deadline in 50 days) through ``services.open_campaign``; the
  opening notice went through the notification centre; a few letters were recorded as posted.
- Answers were sent through ``services.submit`` (real JPEGs and a PDF through the upload checks) and
  checked through ``services.review``: some wait in the queue, one rejection waits for a second
  agent (proposed by the case agent, who is given the group for that), some are accepted, one is
  rejected. The campaign's figures and chart then show every status but the late ones, which only
  time brings (the daily job).

Loading again changes nothing: the campaign of the year is made once.
"""

import datetime
import io
import json
import tempfile

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from fpdf import FPDF
from PIL import Image, ImageDraw

from demo.accounts import AGENT, ensure_user
from portal import rib
from portal.files import uploads
from portal.lifecontrol import codes, services
from portal.lifecontrol.choices import Channel, FileKind, Method
from portal.lifecontrol.models import Campaign, LifeCheck
from portal.lifecontrol.permissions import LIFE_CONTROL_AGENTS
from portal.models import Member

# The demo's life-control agent and the pensioner abroad who can log in (same password as every demo account).
LIFE_AGENT = "controle.vie@demo.example"
PENSIONER_ABROAD = "retraite.france@demo.example"
# Files of the demo pensioners abroad (the core system's identifiers).
ACCOUNT_FILE = "CORE-D-0101"
NO_ACCOUNT_FILE = "CORE-D-0102"
CAMPAIGN_NAME = "Contrôle de vie {year} – retraités à l'étranger"

# What happened to each one in this year's campaign so far.
LETTER_POSTED, PHOTOS, CERTIFICATE, PROPOSED, ACCEPTED = "letter", "photos", "certificate", "proposed", "accepted"
RECORDED, REJECTED = "recorded", "rejected"

# One pensioner a line (the core system's file CORE-D-<number>); story: what happened in this year's campaign.
COLUMNS = "number first_name last_name first_name_ar last_name_ar birth_date status sex country city postal_code story"
_TABLE = """
0101 | Mohamed | Tazi | محمد | التازي | 1951-05-12 | retired | M | FR | Lyon | 69003 | letter
0102 | Aïcha | Berrada | عائشة | برادة | 1947-09-03 | survivor | F | ES | Madrid | 28012 | letter
0103 | Abdelkader | Naciri | عبد القادر | الناصري | 1949-02-21 | retired | M | BE | Bruxelles | 1000 | photos
0104 | Zohra | El Fassi | زهرة | الفاسي | 1945-11-30 | survivor | F | CA | Montréal | H2X 1Y4 | certificate
0105 | Driss | Bennani | إدريس | بناني | 1952-07-08 | retired | M | FR | Marseille | 13001 | proposed
0106 | Latifa | Chraibi | لطيفة | الشرايبي | 1950-01-15 | retired | F | FR | Bordeaux | 33000 | accepted
0107 | Omar | Sqalli | عمر | السقلي | 1946-04-02 | retired | M | ES | Barcelona | 08001 | recorded
0108 | Malika | Idrissi | مليكة | الإدريسي | 1948-12-19 | survivor | F | BE | Liège | 4000 | rejected
0109 | Rachid | Lahlou | رشيد | لحلو | 1953-03-27 | retired | M | CA | Ottawa | K1P 1J1
0110 | Nadia | Kettani | نادية | الكتاني | 1954-08-11 | retired | F | DE | Düsseldorf | 40213
0111 | Hamid | Alami | حميد | العلمي | 1949-10-05 | retired | M | IT | Torino | 10121 | letter
0112 | Samira | Benjelloun | سميرة | بنجلون | 1951-06-23 | survivor | F | NL | Amsterdam | 1011 | photos
0113 | Mustapha | Ziani | مصطفى | الزياني | 1947-02-14 | retired | M | US | Paterson | 07501
"""


def _rows(table):
    names = COLUMNS.split()
    for line in table.strip().splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        yield dict(zip(names, cells + [""] * (len(names) - len(cells)), strict=True))


PENSIONERS = list(_rows(_TABLE))
# Some have no e-mail address on file: only the posted letter reaches them (the export leaves it empty).
WITHOUT_EMAIL = {"CORE-D-0109", "CORE-D-0113"}
FOREIGN_MOBILES = {"FR": "+33612345678", "ES": "+34612345678", "BE": "+32470123456", "IT": "+393471234567"}


def load():
    """The pensioners abroad, the two accounts and this year's campaign; returns what the summary prints."""
    _import_files()
    agent = ensure_user(LIFE_AGENT, groups=[LIFE_CONTROL_AGENTS], is_staff=True, first_name="Nadia", last_name="Vérif")
    pensioner = ensure_user(PENSIONER_ABROAD, first_name="Mohamed", last_name="Tazi")
    with transaction.atomic():
        member = Member.objects.select_for_update().get(core_id=ACCOUNT_FILE)
        if member.user_id is None and not Member.objects.filter(user=pensioner).exists():
            member.user = pensioner
            member.save(update_fields=["user"])
    today = timezone.localdate()
    campaign = Campaign.objects.filter(year=today.year, name=CAMPAIGN_NAME.format(year=today.year)).first()
    if campaign is None:
        campaign = _campaign(agent, today)
    without_account = Member.objects.get(core_id=NO_ACCOUNT_FILE)
    return {
        "checks": LifeCheck.objects.filter(campaign=campaign).count(),
        "campaign": campaign,
        "agent": LIFE_AGENT,
        "pensioner": PENSIONER_ABROAD,
        "code": codes.letter_code(campaign.pk, without_account.pk),
        "without_account": without_account,
    }


def _import_files():
    """Through the core system's importer, as production brings them in (idempotent)."""
    rows = []
    for person in PENSIONERS:
        core_id, number = f"CORE-D-{person['number']}", int(person["number"])
        account = f"2257800000{number:012d}"
        rows.append(
            {
                **{key: value for key, value in person.items() if key not in ("number", "story")},
                "core_id": core_id,
                "affiliation_number": f"AF19750{number:05d}",
                "pension_number": f"PR20150{number:05d}",
                "national_id": f"X{number:06d}",
                "email": "" if core_id in WITHOUT_EMAIL else f"{core_id.lower()}@demo.example",
                "phone": FOREIGN_MOBILES.get(person["country"], ""),
                "address_line": f"{number % 100} rue de la Démo",
                "bank_rib": f"{account}{rib.check_key(account):02d}",
            }
        )
    rows[0]["email"] = PENSIONER_ABROAD
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as export:
        export.write("\n".join(json.dumps(row, ensure_ascii=False) for row in rows))
        export.flush()
        call_command("import_members", export.name, stdout=io.StringIO(), stderr=io.StringIO())


def _campaign(agent, today):
    """This year's campaign, opened ten days ago, with the answers of the first days."""
    # The case agent may confirm or propose rejections too: the demo needs two agents for the four eyes.
    second = get_user_model().objects.filter(username=AGENT).first()
    if second is not None:
        second.groups.add(Group.objects.get(name=LIFE_CONTROL_AGENTS))
    opened = timezone.now() - datetime.timedelta(days=10)
    campaign = Campaign.objects.create(
        name=CAMPAIGN_NAME.format(year=today.year),
        year=today.year,
        opens_on=today - datetime.timedelta(days=10),
        deadline=today + datetime.timedelta(days=50),
        grace_days=30,
        created_by=agent,
        created_at=opened,
    )
    services.open_campaign(campaign, actor=agent, now=opened)
    campaign.refresh_from_db()
    services.send_due_notices(campaign, today=campaign.opens_on, now=opened)
    checks = {
        check.member.core_id: check for check in LifeCheck.objects.filter(campaign=campaign).select_related("member")
    }
    for day, person in enumerate(PENSIONERS):
        check = checks[f"CORE-D-{person['number']}"]
        when = opened + datetime.timedelta(days=1 + day % 8, hours=day)
        _play(check, person["story"], agent=agent, second=second or agent, when=when)
    return campaign


def _play(check, story, *, agent, second, when):
    if story == LETTER_POSTED:
        services.record_postal_notice(check, actor=agent, posted_on=check.campaign.opens_on, now=when)
    elif story in (PHOTOS, PROPOSED, ACCEPTED, REJECTED):
        # The code the page showed, written on the paper held in the photo.
        shown = codes.screen_code()
        submission = services.submit(
            check,
            actor=check.member.user,
            method=Method.PHOTOS,
            files=_photos(check.member, shown),
            channel=Channel.PORTAL if check.member.user_id else Channel.LETTER_CODE,
            screen_code=shown,
            now=when,
        )
        later = when + datetime.timedelta(hours=20)
        if story == ACCEPTED:
            services.review(submission, actor=agent, accepted=True, now=later)
        elif story in (PROPOSED, REJECTED):
            services.review(submission, actor=second, accepted=False, reason=_REASON, now=later)
            if story == REJECTED:
                services.review(submission, actor=agent, accepted=False, reason=_REASON, now=later)
    elif story == CERTIFICATE:
        services.submit(
            check,
            actor=None,
            method=Method.CERTIFICATE,
            files=[(FileKind.CERTIFICATE, _certificate(check.member))],
            channel=Channel.LETTER_CODE,
            now=when,
        )
    elif story == RECORDED:
        submission = services.record(
            check,
            actor=agent,
            channel=Channel.CONSULATE,
            received_on=timezone.localdate(when),
            files=[(FileKind.CERTIFICATE, _certificate(check.member))],
            note="Reçu par la valise diplomatique du consulat général de Barcelone.",
            now=when,
        )
        services.review(submission, actor=agent, accepted=True, now=when + datetime.timedelta(hours=2))


_REASON = (
    "La photo où vous tenez votre pièce d'identité est floue et le code n'est pas lisible : "
    "reprenez-la à la lumière du jour, le code écrit en grand. / "
    "الصورة التي تحملون فيها بطاقة التعريف غير واضحة والرمز غير مقروء: "
    "أعيدوا التقاطها في ضوء النهار مع كتابة الرمز بخط كبير."
)


def _jpeg(draw_on, size=(480, 300), colour=(236, 240, 245)):
    image = Image.new("RGB", size, colour)
    draw_on(ImageDraw.Draw(image))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _photos(member, shown):
    """A drawn identity card, and a drawn person holding it with the code on a paper: real JPEGs, checked."""

    def card(draw):
        draw.rounded_rectangle((20, 20, 460, 280), radius=16, fill=(210, 228, 214), outline=(40, 90, 60), width=4)
        draw.rectangle((40, 60, 150, 200), fill=(160, 160, 170))
        draw.text((170, 60), "ROYAUME DU MAROC - CNIE", fill=(20, 20, 20))
        draw.text((170, 100), f"{member.last_name.upper()} {member.first_name}", fill=(20, 20, 20))
        draw.text((170, 130), f"{member.birth_date:%d/%m/%Y}  {member.national_id}", fill=(20, 20, 20))

    def holding(draw):
        draw.ellipse((170, 30, 310, 170), fill=(196, 150, 120))
        draw.rectangle((130, 170, 350, 300), fill=(60, 80, 130))
        draw.rounded_rectangle((40, 190, 170, 270), radius=8, fill=(210, 228, 214), outline=(40, 90, 60), width=3)
        draw.rectangle((320, 200, 460, 270), fill=(255, 255, 255), outline=(0, 0, 0))
        draw.text((340, 225), f"CODE {shown}", fill=(0, 0, 0))

    return [
        (FileKind.IDENTITY_DOCUMENT, uploads.check_file("piece-identite.jpg", _jpeg(card))),
        (FileKind.HOLDING_DOCUMENT, uploads.check_file("photo-avec-piece.jpg", _jpeg(holding, size=(480, 320)))),
    ]


def _certificate(member):
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=14)
    document.cell(text="Certificat de vie (document de demonstration)")
    document.ln(12)
    document.cell(text=f"{member.last_name.upper()} {member.first_name}".encode("latin-1", "replace").decode("latin-1"))
    return uploads.check_file("certificat-de-vie.pdf", bytes(document.output()))
