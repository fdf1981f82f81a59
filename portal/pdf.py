"""The fund's PDF documents (attestations, personal data): one A4 set-up, French or Arabic.

Arabic needs a font with Arabic glyphs and HarfBuzz shaping (joined letters, right to left,
mixed Arabic/Latin runs in the right order); each font falls back on the other, so a Latin
name in an Arabic document (or the reverse) still prints.
"""

from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
LATIN = "NotoSans"
ARABIC = "NotoNaskh"


@dataclass
class Document:
    pdf: FPDF
    font: str  # the main font of the language
    align: str  # "R" in Arabic, "L" in French
    rtl: bool

    def paragraph(self, text, *, size=12, height=8, align=None):
        self.pdf.set_font(self.font, size=size)
        self.pdf.multi_cell(0, height, str(text), align=align or self.align, new_x="LMARGIN", new_y="NEXT")

    def latin_line(self, text, *, size=11, height=7):
        """Latin-only text (codes, addresses) printed left to right on its own line, in both languages."""
        self.pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")
        self.pdf.set_font(LATIN, size=size)
        self.pdf.multi_cell(0, height, str(text), align=self.align, new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if self.rtl else "ltr")

    def output(self):
        return bytes(self.pdf.output())


def new_document(language, title):
    """An A4 document with the fonts and text direction of ``language`` and one page started."""
    rtl = language == "ar"
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font(LATIN, fname=FONTS / "NotoSans-Regular.ttf")
    pdf.add_font(ARABIC, fname=FONTS / "NotoNaskhArabic-Regular.ttf")
    pdf.add_font(ARABIC, style="B", fname=FONTS / "NotoNaskhArabic-Bold.ttf")
    pdf.set_fallback_fonts([LATIN] if rtl else [ARABIC])
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if rtl else "ltr")
    pdf.set_title(str(title))
    pdf.set_lang(language)
    pdf.add_page()
    return Document(pdf=pdf, font=ARABIC if rtl else LATIN, align="R" if rtl else "L", rtl=rtl)
