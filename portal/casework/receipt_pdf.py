"""The receipt of a submitted request: what the fund received, when, and by when it answers.

Printed in the request's language (the applicant's), from what is stored: the answers as the
summary shows them (a bank account only by its last four digits), and the documents received by
name and kind. It proves a submission; it asserts nothing about the applicant's rights.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from portal import pdf, rib
from portal.casework import procedures
from portal.casework.fields import RibField

# A file name longer than this is shortened on the paper (the full name is in the request online).
NAME_LENGTH = 60


def render(case):
    """The receipt as PDF bytes, in ``case.language`` (Arabic shaped right to left)."""
    with translation.override(case.language):
        title = _("Receipt of your request")
        doc = pdf.new_document(case.language, title)
        doc.letterhead(_("Pension fund"), pdf.letterhead_lines())
        doc.paragraph(title, size=18, height=11, align="C", bold=True)
        doc.paragraph(case.title, size=13, height=8, align="C")
        doc.pdf.ln(5)
        doc.rows(_facts(case), label_share=0.45)
        for heading, rows in _summary(case):
            _section(doc, heading)
            for label, value in rows:
                doc.paragraph(_answer_line(doc, label, value), size=10, height=6)
        _section(doc, _("Documents received"))
        documents = list(case.documents.order_by("created_at", "pk"))
        if documents:
            for document in documents:
                doc.paragraph(f"{document.get_kind_display()} — {_short(document.original_name)}", size=10, height=6)
        else:
            doc.paragraph(_("No document was attached."), size=10, height=6)
        doc.pdf.ln(4)
        doc.rule(width=0.3)
        doc.pdf.ln(3)
        doc.paragraph(
            _(
                "Follow your request, read the fund's messages and send any document it asks for in your space, "
                "under “My procedures”, at the address below. Quote the reference %(reference)s in any exchange "
                "with the fund."
            )
            % {"reference": case.reference},
            size=10,
            height=6,
        )
        doc.latin_line(settings.SITE_URL + reverse("casework:detail", kwargs={"reference": case.reference}), size=9)
    return doc.output()


def _date(value):
    return formats.date_format(timezone.localtime(value), "DATE_FORMAT") if value else "—"


def _facts(case):
    rows = [
        (_("Reference"), case.reference),
        (_("Submitted on"), _date(case.submitted_at)),
        (_("The fund answers by"), _date(case.due_at)),
    ]
    applicant = _applicant_name(case)
    if applicant:
        rows.append((_("Applicant"), applicant))
    concerned = _person_concerned(case)
    if concerned:
        rows.append(concerned)
    return rows


def _member_name(member):
    return member.full_name_ar if translation.get_language() == "ar" else member.full_name


def _applicant_name(case):
    """The account's member file name if it has one, else the account's name; a public report's reporter."""
    user = case.applicant
    if user is None:
        return case.answers.get("report", {}).get("reporter_name", "")
    member = getattr(user, "member", None)
    if member is not None:
        return _member_name(member)
    return user.get_full_name() or user.email


def _person_concerned(case):
    """(label, name) of the person the request is about, when it is not the applicant: the deceased
    as the applicant wrote the name (the receipt never says whether a file was found)."""
    answers = case.answers
    for step in ("deceased", "report"):
        deceased = answers.get(step)
        if deceased and (deceased.get("first_name") or deceased.get("last_name")):
            name = f"{deceased.get('first_name', '')} {deceased.get('last_name', '')}".strip()
            return (_("The deceased"), name)
    definition = case.definition
    someone_else = case.member is not None and (case.applicant is None or case.member.user_id != case.applicant_id)
    if someone_else and definition is not None and definition.about_the_member:
        return (_("Member concerned"), _member_name(case.member))
    return None


def _summary(case):
    """procedures.summary of the answers, with every bank account masked (never a full RIB on paper)."""
    definition = case.definition
    if definition is None:
        return []
    answers = {}
    for step in definition.steps:
        stored = case.answers.get(step.name)
        if stored is None:
            continue
        form_fields = step.form.base_fields
        answers[step.name] = {
            name: rib.mask(value)
            if value and (name == "bank_rib" or isinstance(form_fields.get(name), RibField))
            else value
            for name, value in stored.items()
        }
    return procedures.summary(definition, answers)


def _section(doc, heading):
    doc.pdf.ln(4)
    doc.paragraph(heading, size=12, height=8, bold=True, color=pdf.BRAND)


def _answer_line(doc, label, value):
    if not doc.rtl:
        return f"{label} : {value}"
    # A Latin or numeric answer (a masked RIB, a CIN) in an Arabic line: isolated (LRI … PDI) so
    # that it keeps its own left-to-right order instead of taking the line's.
    if not pdf.ARABIC_SCRIPT.search(str(value)):
        value = f"\u2066{value}\u2069"
    return f"{label}: {value}"


def _short(name):
    return name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1] + "…"
