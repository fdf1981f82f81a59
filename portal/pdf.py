"""The fund's PDF documents (attestations, payment slips, personal data): one A4 set-up, French or Arabic.

Arabic needs a font with Arabic glyphs and HarfBuzz shaping (joined letters, right to left,
mixed Arabic/Latin runs in the right order); each font falls back on the other, so a Latin
name in an Arabic document (or the reverse) still prints.

The letterhead (the fund's name and address beside a logo drawn with vector shapes) is part
of the code, not an image file: a document never depends on an asset fetched at render time.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from fpdf import FPDF

from portal import qr

FONTS = Path(__file__).resolve().parent / "fonts"
LATIN = "NotoSans"
ARABIC = "NotoNaskh"

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
BRAND = (11, 79, 138)  # the site's --brand colour
INK = (27, 31, 36)
MUTED = (74, 85, 99)
PAGE_WIDTH = 210
MARGIN = 20


@dataclass
class Document:
    pdf: FPDF
    font: str  # the main font of the language
    align: str  # "R" in Arabic, "L" in French
    rtl: bool

    def font_for(self, text, *, size, bold=False):
        """Set the font (and, in Arabic, the direction) for ``text``: the Latin font for a text with
        no Arabic letter, else the language's.

        fpdf2 2.8 in an Arabic document: a text set in the fallback font leaves that font on the page
        while fpdf2 believes the main one is still set, so the next Arabic text is drawn with Latin
        glyph numbers (garbage, and "No font in show" for a PDF reader). Choosing the font ourselves,
        and making fpdf2 write it again before every text, keeps each text in its own font.
        """
        text = str(text)
        latin = self.rtl and not ARABIC_SCRIPT.search(text)
        self.pdf.set_font(LATIN if latin else self.font, style="B" if bold else "", size=size)
        self.pdf.current_font_is_set_on_page = False
        if self.rtl:
            self.pdf.set_text_shaping(use_shaping_engine=True, direction="ltr" if latin else "rtl")

    def paragraph(self, text, *, size=12, height=8, align=None, bold=False, color=INK):
        self.pdf.set_text_color(*color)
        self.font_for(text, size=size, bold=bold)
        self.pdf.multi_cell(0, height, str(text), align=align or self.align, new_x="LMARGIN", new_y="NEXT")
        self._restore_direction()
        self.pdf.set_text_color(*INK)

    def latin_line(self, text, *, size=11, height=7, bold=False, align=None):
        """Latin-only text (codes, addresses) printed left to right on its own line, in both languages."""
        self.pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")
        self.pdf.set_font(LATIN, style="B" if bold else "", size=size)
        self.pdf.multi_cell(0, height, str(text), align=align or self.align, new_x="LMARGIN", new_y="NEXT")
        self._restore_direction()

    def _restore_direction(self):
        self.pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if self.rtl else "ltr")

    def rule(self, *, color=BRAND, width=0.6):
        self.pdf.set_draw_color(*color)
        self.pdf.set_line_width(width)
        y = self.pdf.get_y()
        self.pdf.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)
        self.pdf.set_draw_color(0, 0, 0)

    def letterhead(self, name, lines):
        """The fund's logo, name and contact lines across the top of the page, then a rule."""
        top = self.pdf.get_y()
        logo_size = 22
        logo_x = PAGE_WIDTH - MARGIN - logo_size if self.rtl else MARGIN
        draw_logo(self.pdf, x=logo_x, y=top, size=logo_size)
        text_left = MARGIN if self.rtl else MARGIN + logo_size + 5
        text_width = PAGE_WIDTH - 2 * MARGIN - logo_size - 5
        self.pdf.set_xy(text_left, top + 1)
        self.pdf.set_text_color(*BRAND)
        self.pdf.set_font(self.font, style="B", size=16)
        self.pdf.multi_cell(text_width, 8, str(name), align=self.align, new_x="LEFT", new_y="NEXT")
        self.pdf.set_text_color(*MUTED)
        for line in lines:
            # Addresses, phone numbers and the site's host are Latin: printed left to right in both languages.
            self.pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")
            self.pdf.set_font(LATIN, size=9)
            self.pdf.multi_cell(text_width, 5, str(line), align=self.align, new_x="LEFT", new_y="NEXT")
        self._restore_direction()
        self.pdf.set_text_color(*INK)
        self.pdf.set_xy(MARGIN, max(self.pdf.get_y(), top + logo_size) + 3)
        self.rule()
        self.pdf.ln(6)

    def rows(self, pairs, *, total_last=False, label_share=0.62):
        """A two-column table of (label, value): labels on the reading side, values (amounts, dates) opposite.

        Each cell is set in its own font (``font_for``): a Latin value (national ID, masked RIB, a
        Latin name) keeps its left-to-right order in an Arabic document.
        """
        width = PAGE_WIDTH - 2 * MARGIN
        label_width, value_width = width * label_share, width * (1 - label_share)
        for index, (label, value) in enumerate(pairs):
            label, value = str(label), str(value)
            bold = total_last and index == len(pairs) - 1
            if bold:
                self.rule(color=INK, width=0.3)
            if self.rtl:
                self.font_for(value, size=11, bold=bold)
                self.pdf.cell(value_width, 8, value, align="L")
                self.font_for(label, size=11, bold=bold)
                self.pdf.cell(label_width, 8, label, align="R", new_x="LMARGIN", new_y="NEXT")
            else:
                self.font_for(label, size=11, bold=bold)
                self.pdf.cell(label_width, 8, label, align="L")
                self.font_for(value, size=11, bold=bold)
                self.pdf.cell(value_width, 8, value, align="R", new_x="LMARGIN", new_y="NEXT")
        self._restore_direction()

    def verification_block(self, *, url, code, caption):
        """The QR code (opens ``url``) beside the caption, the address and the code, framed at the foot of the text."""
        size = 32
        self.pdf.ln(4)
        top = self.pdf.get_y()
        if top + size + 4 > self.pdf.h - MARGIN:
            self.pdf.add_page()
            top = self.pdf.get_y()
        self.pdf.set_draw_color(*BRAND)
        self.pdf.set_line_width(0.3)
        self.pdf.rect(MARGIN, top, PAGE_WIDTH - 2 * MARGIN, size + 4)
        qr_x = PAGE_WIDTH - MARGIN - size - 2 if self.rtl else MARGIN + 2
        qr.draw(self.pdf, url, x=qr_x, y=top + 2, size=size)
        text_left = MARGIN + 4 if self.rtl else MARGIN + size + 6
        text_width = PAGE_WIDTH - 2 * MARGIN - size - 10
        self.pdf.set_xy(text_left, top + 3)
        self.pdf.set_font(self.font, size=10)
        self.pdf.multi_cell(text_width, 5.5, str(caption), align=self.align, new_x="LEFT", new_y="NEXT")
        self.pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")
        self.pdf.set_font(LATIN, size=8)
        self.pdf.multi_cell(text_width, 4.5, url, align=self.align, new_x="LEFT", new_y="NEXT")
        self.pdf.set_font(LATIN, style="B", size=12)
        self.pdf.multi_cell(text_width, 7, code, align=self.align, new_x="LEFT", new_y="NEXT")
        self._restore_direction()
        self.pdf.set_xy(MARGIN, top + size + 6)

    def output(self):
        return bytes(self.pdf.output())


def letterhead_lines():
    """The fund's address, phone and site: Latin data, printed the same in both languages."""
    host = settings.SITE_URL.split("://", 1)[-1]
    contact = " · ".join(part for part in (settings.FUND_PHONE, host) if part)
    return [line for line in (settings.FUND_ADDRESS, contact) if line]


def draw_logo(pdf, *, x, y, size):
    """The fund's emblem: a columned building (a public institution) in a brand-coloured disc."""
    pdf.set_fill_color(*BRAND)
    pdf.ellipse(x, y, size, size, style="F")
    pdf.set_fill_color(255, 255, 255)
    unit = size / 22
    left, right = x + 5 * unit, x + 17 * unit
    # Pediment, architrave, four columns, two steps.
    pdf.polygon(
        [(x + 11 * unit, y + 4 * unit), (right + unit, y + 8.5 * unit), (left - unit, y + 8.5 * unit)], style="F"
    )
    pdf.rect(left, y + 9 * unit, right - left, 1.2 * unit, style="F")
    for column in range(4):
        pdf.rect(left + 0.6 * unit + column * 3.1 * unit, y + 10.8 * unit, 1.6 * unit, 5.4 * unit, style="F")
    pdf.rect(left, y + 16.6 * unit, right - left, 1.1 * unit, style="F")
    pdf.rect(left - unit, y + 18.1 * unit, right - left + 2 * unit, 1.1 * unit, style="F")
    pdf.set_fill_color(0, 0, 0)


def new_document(language, title):
    """An A4 document with the fonts and text direction of ``language`` and one page started."""
    rtl = language == "ar"
    pdf = FPDF(format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.add_font(LATIN, fname=FONTS / "NotoSans-Regular.ttf")
    pdf.add_font(LATIN, style="B", fname=FONTS / "NotoSans-Bold.ttf")
    pdf.add_font(ARABIC, fname=FONTS / "NotoNaskhArabic-Regular.ttf")
    pdf.add_font(ARABIC, style="B", fname=FONTS / "NotoNaskhArabic-Bold.ttf")
    pdf.set_fallback_fonts([LATIN] if rtl else [ARABIC])
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if rtl else "ltr")
    pdf.set_title(str(title))
    pdf.set_lang(language)
    pdf.add_page()
    return Document(pdf=pdf, font=ARABIC if rtl else LATIN, align="R" if rtl else "L", rtl=rtl)
