"""The life-control letter: one A4 page per pensioner, in French and in Arabic on the same page.

An old pensioner abroad reads one language or the other, and whoever helps them may read only
the other one: both are printed, French first, then Arabic, each complete on its own. The letter
gives what is expected and by when, the three ways to answer, and the code in large letters with
a QR code that opens the page without an account, the code filled in (the URL printed under it
for a phone without a QR reader). The code is derived again each time (``codes.letter_code``):
the letter can be printed any day, the database never holds the code.

``letters`` puts many letters in one PDF for the agents to post to those no e-mail or text
message reaches.
"""

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django_countries import countries

from portal import pdf, qr
from portal.lifecontrol import codes

QR_SIZE = 34


def code_url(base_url, code, language):
    """The address the QR code opens: the page without an account, in ``language``, the code filled in."""
    return f"{base_url.rstrip('/')}/{language}/life-certificate/?code={code}"


def letter(check, *, base_url):
    """The letter of ``check`` as PDF bytes."""
    return letters([check], base_url=base_url)


def letters(checks, *, base_url):
    """One PDF, one page per check (in the order given); select_related("campaign", "member", "case")
    saves three queries a page."""
    with translation.override("fr"):
        doc = pdf.new_document("fr", _("Life certificate"))
    first = True
    for check in checks:
        if not first:
            doc.pdf.add_page()
        first = False
        _page(doc, check, base_url)
    return doc.output()


def _arabic(doc):
    """The same page written in Arabic: Arabic font, right to left, Latin as the fallback."""
    doc.pdf.set_fallback_fonts([pdf.LATIN])
    doc.pdf.set_text_shaping(use_shaping_engine=True, direction="rtl")
    return pdf.Document(pdf=doc.pdf, font=pdf.ARABIC, align="R", rtl=True)


def _french(doc):
    doc.pdf.set_fallback_fonts([pdf.ARABIC])
    doc.pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")
    return doc


def _page(doc, check, base_url):
    campaign, member = check.campaign, check.member
    code = codes.letter_code(campaign.pk, member.pk)
    doc = _french(doc)
    with translation.override("fr"):
        doc.letterhead(_("Pension fund"), pdf.letterhead_lines())
    _recipient(doc, member)
    doc.pdf.ln(2)
    with translation.override("fr"):
        _body(doc, campaign, base_url, code, "fr")
    doc.pdf.ln(1)
    doc.rule(width=0.3)
    doc.pdf.ln(2)
    arabic = _arabic(doc)
    with translation.override("ar"):
        _body(arabic, campaign, base_url, code, "ar")
    _french(doc)
    # The QR code opens the page in the language the pensioner reads the portal in (French by default).
    _code_block(doc, code, base_url, check.case.language or "fr")


def _recipient(doc, member):
    """The name and postal address, Latin script, on the left (a window envelope shows it)."""
    lines = [member.full_name]
    lines += [line for line in (member.address_line, f"{member.postal_code} {member.city}".strip()) if line]
    with translation.override("fr"):
        country = countries.name(member.country) if member.country else ""
    if country:
        lines.append(country.upper())
    for line in lines:
        doc.latin_line(line, size=10, height=5, align="L")
    if member.full_name_ar:
        arabic = _arabic(doc)
        arabic.paragraph(member.full_name_ar, size=10, height=6, align="L")
        _french(doc)


def _day(value):
    return formats.date_format(value, "DATE_FORMAT")


def _body(doc, campaign, base_url, code, language):
    """The letter in the current language: what, by when, the three ways."""
    doc.paragraph(
        _("Life certificate %(year)s") % {"year": campaign.year}, size=14, height=8, bold=True, color=pdf.BRAND
    )
    doc.paragraph(
        _(
            "Each year, pensioners living abroad show the fund that they are alive, so that their pension goes on "
            "being paid. Please answer by %(deadline)s."
        )
        % {"deadline": _day(campaign.deadline)},
        size=11,
        height=5.5,
    )
    address = settings.FUND_ADDRESS or _("the fund's address above")
    ways = [
        _(
            "1. Online: open %(url)s (or scan the QR code below), type your code and your date of birth, and send a "
            "photo of the life certificate stamped by the town hall, the police or the Moroccan consulate."
        ),
        _(
            "2. Online without any stamp: a photo of your identity document and a photo of you holding it with the "
            "code shown on the screen. Someone may help you take them."
        ),
        _("3. By post or through the Moroccan consulate: send the stamped form to %(address)s."),
    ]
    url = f"{base_url.rstrip('/')}/{language}/life-certificate/"
    for way in ways:
        # The address and the URL are Latin: isolated so that an Arabic sentence keeps them in order.
        text = way % {"url": _isolated(doc, url), "address": _isolated(doc, address)} if "%(" in way else way
        doc.paragraph(text, size=11, height=5.5)
    doc.paragraph(
        _(
            "You can also answer in your space on the portal, under “Life certificate”. Without an answer, the pension "
            "is suspended, only after two reminders and a grace period."
        ),
        size=9,
        height=5,
        color=pdf.MUTED,
    )


def _isolated(doc, value):
    return f"\u2066{value}\u2069" if doc.rtl else value


def _code_block(doc, code, base_url, language):
    """The code in large letters and the QR code that opens the answer page with it filled in."""
    url = code_url(base_url, code, language if language in ("fr", "ar") else "fr")
    doc.pdf.ln(3)
    top = doc.pdf.get_y()
    if top + QR_SIZE + 12 > doc.pdf.h - pdf.MARGIN:
        top = doc.pdf.h - pdf.MARGIN - QR_SIZE - 12
    doc.pdf.set_draw_color(*pdf.BRAND)
    doc.pdf.set_line_width(0.4)
    doc.pdf.rect(pdf.MARGIN, top, pdf.PAGE_WIDTH - 2 * pdf.MARGIN, QR_SIZE + 10)
    qr.draw(doc.pdf, url, x=pdf.MARGIN + 2, y=top + 2, size=QR_SIZE)
    left = pdf.MARGIN + QR_SIZE + 6
    width = pdf.PAGE_WIDTH - 2 * pdf.MARGIN - QR_SIZE - 10
    doc.pdf.set_xy(left, top + 3)
    with translation.override("fr"):
        caption_fr = _("Your code")
    with translation.override("ar"):
        caption_ar = _("Your code")
    doc.pdf.set_font(pdf.LATIN, size=10)
    doc.pdf.multi_cell(width, 5, caption_fr, align="L", new_x="LEFT", new_y="NEXT")
    arabic = _arabic(doc)
    arabic.font_for(caption_ar, size=10)
    doc.pdf.multi_cell(width, 6, caption_ar, align="L", new_x="LEFT", new_y="NEXT")
    _french(doc)
    doc.pdf.set_font(pdf.LATIN, style="B", size=24)
    doc.pdf.multi_cell(width, 12, code, align="L", new_x="LEFT", new_y="NEXT")
    doc.pdf.set_font(pdf.LATIN, size=8)
    doc.pdf.multi_cell(width, 4, url, align="L", new_x="LEFT", new_y="NEXT")
    doc.pdf.set_xy(pdf.MARGIN, top + QR_SIZE + 12)
