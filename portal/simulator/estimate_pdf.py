"""The member's estimate as a PDF, in French or Arabic: what the page shows, on paper to keep or discuss.

The same scenarios and explanation rows as the page (``portal.simulator.explain``), so that paper and
screen never disagree; the statement that it is an estimate, not a decision, comes first.
"""

from django.utils import formats, translation
from django.utils.translation import gettext as _

from portal import pdf
from portal.simulator import explain

# Our PDF fonts have no U+2212 minus sign (see portal.attestation_pdf): a dash, as on the payment slips.
DASH = "\u2013"


def _printable(text):
    return str(text).replace(explain.MINUS, DASH)


def _row(doc, label, value, *, bold=False, size=10):
    """One explanation row: the label wraps on the reading side, the amount sits opposite on its first line."""
    width = pdf.PAGE_WIDTH - 2 * pdf.MARGIN
    label_width, value_width = width * 0.68, width * 0.32
    label, value = _printable(label), _printable(value)
    top = doc.pdf.get_y()
    if top + 12 > doc.pdf.h - pdf.MARGIN:
        doc.pdf.add_page()
        top = doc.pdf.get_y()
    label_x = pdf.MARGIN + value_width if doc.rtl else pdf.MARGIN
    value_x = pdf.MARGIN if doc.rtl else pdf.MARGIN + label_width
    doc.pdf.set_xy(label_x, top)
    doc.font_for(label, size=size, bold=bold)
    doc.pdf.multi_cell(label_width, 5.5, label, align=doc.align, new_x="LMARGIN", new_y="NEXT")
    bottom = doc.pdf.get_y()
    doc.pdf.set_xy(value_x, top)
    doc.font_for(value, size=size, bold=bold)
    doc.pdf.cell(value_width, 5.5, value, align="L" if doc.rtl else "R")
    doc._restore_direction()
    doc.pdf.set_xy(pdf.MARGIN, bottom + 1.5)


def render(member, scenarios, *, language, today, growth):
    """The PDF bytes of ``scenarios`` (``explain.scenarios``) for ``member``."""
    with translation.override(language):
        title = _("Estimate of my pension")
        doc = pdf.new_document(language, title)
        doc.letterhead(_("Pension fund"), pdf.letterhead_lines())
        doc.paragraph(title, size=18, height=11, align="C", bold=True)
        name = member.full_name_ar if language == "ar" and member.full_name_ar else member.full_name
        doc.rows(
            [
                (_("Name"), name),
                (_("Affiliation number"), member.affiliation_number),
                (_("Estimate made on"), formats.date_format(today, "DATE_FORMAT")),
                (_("Salary growth assumed a year"), explain.percent(growth)),
            ]
        )
        doc.pdf.ln(3)
        doc.paragraph(
            _(
                "This is an estimate from your file as it is today, not a decision: the fund sets the amount of "
                "your pension when you apply. It follows the rules of the civil pension scheme in force. If a "
                "period of your career is missing or wrong, the estimate is wrong too: check your career in your "
                "space and report any error."
            ),
            size=10,
            height=5.5,
        )
        for scenario in scenarios:
            doc.pdf.ln(4)
            heading = f"{scenario.title}: {formats.date_format(scenario.date, 'DATE_FORMAT')}"
            doc.paragraph(heading, size=13, height=8, bold=True, color=pdf.BRAND)
            doc.paragraph(_("Service counted: %(service)s") % {"service": scenario.service}, size=10, height=6)
            if scenario.why_not is not None:
                doc.paragraph(scenario.why_not.text, size=10, height=5.5)
                continue
            for row in scenario.rows:
                bold = row.kind in (explain.Kind.TOTAL, explain.Kind.NET)
                _row(doc, row.text, row.shown_amount, bold=bold)
    return doc.output()
