"""The receipt of a submitted request: a real PDF, in the request's language, never a full RIB."""

import io
import unicodedata

import pytest
from django.utils import translation
from pypdf import PdfReader

from portal.casework import checklist, procedures, receipt_pdf, services
from portal.rib import mask
from tests.portal.casework.conftest import checked_pdf, survivor_answers

SURVIVOR = procedures.get("survivor_pension")


def _submitted_survivor_case(widow_user, deceased, language):
    case = services.start(SURVIVOR, actor=widow_user, member=None, language=language)
    for step, data in survivor_answers(deceased).items():
        case = services.save_step(case, step, data, actor=widow_user)
    for item in checklist.missing(case):
        services.add_documents(case, actor=widow_user, target=item.key, files=checked_pdf(item.label))
    return services.submit(case, actor=widow_user)


def _text(data):
    """The PDF's text, Arabic presentation forms folded back to letters (NFKC), spaces dropped."""
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    return "".join(unicodedata.normalize("NFKC", text).split())


def _contains(text, phrase):
    """Right-to-left text may be extracted in visual order: accept either direction."""
    phrase = "".join(unicodedata.normalize("NFKC", str(phrase)).split())
    return phrase in text or phrase[::-1] in text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_receipt_is_a_pdf_with_the_reference_the_title_and_a_masked_rib(widow_user, deceased, language):
    case = _submitted_survivor_case(widow_user, deceased, language)
    rib = case.answers["payment"]["bank_rib"]

    text = _text(receipt_pdf.render(case))

    assert case.reference in text
    with translation.override(language):
        title = str(SURVIVOR.title)
    assert _contains(text, title)
    assert rib not in text and rib[:20] not in text
    assert _contains(text, mask(rib)) or rib[-4:] in text


@pytest.mark.django_db
def test_the_receipt_lists_the_documents_received_and_the_deceased(widow_user, deceased):
    case = _submitted_survivor_case(widow_user, deceased, "fr")
    text = _text(receipt_pdf.render(case))
    assert "AhmedAlaoui" in text
    assert text.count("document.pdf") == case.documents.count() > 0
