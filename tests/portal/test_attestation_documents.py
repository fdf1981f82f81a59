"""Trust in documents: every attestation kind and the payment slip, in French and Arabic, with a
letterhead, a QR code that opens the verification page, and a verification page that shows what
a bank compares with the paper (masked national ID, amount, period). And /verify/ is throttled."""

import datetime
import io
import re
from collections import Counter
from decimal import Decimal

import pytest
import segno
from django.utils import translation
from pypdf import PdfReader

from portal import attestations
from portal.models import Attestation, AttestationKind
from tests.portal import factories

pytestmark = pytest.mark.django_db

CODE = re.compile(r"\b([0-9A-F]{4}(?:-[0-9A-F]{4}){7})\b")
ARABIC_LETTERS = re.compile(r"[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]")
DEDUCTIONS = [{"kind": "amo", "amount": "518.90"}, {"kind": "ir", "amount": "1377.60"}]


def months_ago(count):
    today = datetime.date.today()
    index = today.year * 12 + today.month - 1 - count
    return datetime.date(index // 12, index % 12 + 1, 1)


@pytest.fixture
def paid(file_a):
    """Member A with the last twelve months paid (gross 11,480.00, net 9,583.50)."""
    for count in range(1, 13):
        period = months_ago(count)
        factories.PaymentFactory(
            member=file_a,
            period=period,
            gross=Decimal("11480.00"),
            deductions=DEDUCTIONS,
            net=Decimal("9583.50"),
            payment_date=period.replace(day=27),
        )
    return file_a


def pdf_of(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def text_of(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def qr_modules(content):
    """The QR code drawn in the PDF, read back from the page's rectangles as a grid of dark modules."""
    stream = PdfReader(io.BytesIO(content)).pages[0].get_contents().get_data().decode("latin-1")
    rects = [tuple(map(float, m)) for m in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (-[\d.]+) re f", stream)]
    module = Counter(round(-h, 2) for *_rest, h in rects).most_common(1)[0][0]
    runs = [(x, y, w) for x, y, w, h in rects if round(-h, 2) == module]
    left, top = min(x for x, _y, _w in runs), max(y for _x, y, _w in runs)
    dark = set()
    for x, y, w in runs:
        row, start = round((top - y) / module), round((x - left) / module)
        dark.update((row, column) for column in range(start, start + round(w / module)))
    return dark


def expected_modules(url):
    rows = segno.make(url, error="m", micro=False).matrix_iter(scale=1, border=0)
    return {(r, c) for r, row in enumerate(rows) for c, value in enumerate(row) if value}


def ask(client, kind, language, **extra):
    return client.post("/fr/portal/attestations/download/", {"kind": kind, "language": language, **extra})


def money(amount, language):
    with translation.override(language):
        return attestations.money(Decimal(amount))


KINDS = [
    (AttestationKind.PENSION, None),
    (AttestationKind.PENSION_AMOUNT, "9583.50"),
    (AttestationKind.NON_SUSPENSION, None),
    (AttestationKind.ANNUAL_TAX, None),
]


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize(("kind", "amount"), KINDS)
def test_each_attestation_carries_letterhead_qr_code_and_verifies(paid, client_a, client, language, kind, amount):
    extra = {"year": months_ago(1).year} if kind == AttestationKind.ANNUAL_TAX else {}
    content = pdf_of(ask(client_a, kind, language, **extra))
    text = text_of(content)
    code = CODE.search(text).group(1)
    url = f"http://127.0.0.1:8000/{language}/verify/?code={code}"

    # The verification line (address and code), and a QR code that encodes that very address.
    assert url in text
    assert qr_modules(content) == expected_modules(url)
    if language == "ar":
        # Shaped Arabic: the text layer holds Arabic letters (presentation forms after shaping).
        assert ARABIC_LETTERS.search(text)
    else:
        with translation.override("fr"):
            assert "Caisse de retraite" in text  # the letterhead
            assert str(AttestationKind(kind).label) in text

    page = client.get(f"/{language}/verify/", {"code": code}).content.decode()
    assert ("est authentique" if language == "fr" else "هذه الشهادة صحيحة") in page
    assert attestations.masked_national_id(paid.national_id) in page
    assert paid.national_id not in page.replace(code, "")
    if amount:
        assert money(amount, language) in page


def test_the_annual_tax_attestation_totals_the_year(paid, client_a, client):
    year = months_ago(1).year
    months = paid.payments.filter(period__year=year).count()
    text = text_of(pdf_of(ask(client_a, AttestationKind.ANNUAL_TAX, "fr", year=year)))
    gross = Decimal("11480.00") * months
    attestation = Attestation.objects.get(kind=AttestationKind.ANNUAL_TAX)
    assert attestation.amount == gross
    assert (attestation.period_start, attestation.period_end) == (datetime.date(year, 1, 1), datetime.date(year, 12, 1))
    assert money(Decimal("1377.60") * months, "fr") in text
    assert money(gross, "fr") in text
    page = client.get("/fr/verify/", {"code": attestations.code_of(attestation)}).content.decode()
    assert str(year) in page


def test_a_doctored_amount_on_a_genuine_code_is_caught(paid, client_a, client):
    """The paper says 19,583.50; the page for its (genuine) code says what was issued: 9,583.50."""
    text = text_of(pdf_of(ask(client_a, AttestationKind.PENSION_AMOUNT, "fr")))
    code = CODE.search(text).group(1)
    page = client.get("/fr/verify/", {"code": code}).content.decode()
    assert money("9583.50", "fr") in page and money("19583.50", "fr") not in page
    # Changing the stored amount instead breaks the signature: the code is then unknown.
    Attestation.objects.update(amount=Decimal("19583.50"))
    assert "ne correspond à aucune attestation" in client.get("/fr/verify/", {"code": code}).content.decode()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_payment_slip_of_a_month(paid, client_a, client, language):
    payment = paid.payments.order_by("-period").first()
    detail = client_a.get(f"/{language}/portal/payments/detail/{payment.pk}/").content.decode()
    assert f"/portal/payments/detail/{payment.pk}/slip/" in detail
    content = pdf_of(client_a.post(f"/{language}/portal/payments/detail/{payment.pk}/slip/", {"language": language}))
    text = text_of(content)
    slip = Attestation.objects.get(kind=AttestationKind.PAYMENT_SLIP)
    assert (slip.amount, slip.period_start) == (payment.net, payment.period)
    assert paid.national_id in text
    code = CODE.search(text).group(1)
    page = client.get(f"/{language}/verify/", {"code": code}).content.decode()
    assert money(payment.net, language) in page


def test_another_member_gets_404_for_a_slip_or_an_attestation(paid, client_a, client_b, file_b):
    payment = paid.payments.first()
    pdf_of(ask(client_a, AttestationKind.PENSION, "fr"))
    serial = Attestation.objects.get().serial
    assert client_a.get(f"/fr/portal/attestations/{serial}.pdf").status_code == 200
    assert client_b.get(f"/fr/portal/attestations/{serial}.pdf").status_code == 404
    assert client_b.post(f"/fr/portal/payments/detail/{payment.pk}/slip/", {"language": "fr"}).status_code == 404
    assert Attestation.objects.count() == 1


def test_an_attestation_the_file_does_not_allow_is_refused_clearly(client_b, file_b, paid, client_a):
    # A contributing member asks for a pension amount; a pensioner asks for a tax year without a year.
    refused = ask(client_b, AttestationKind.PENSION_AMOUNT, "fr")
    assert refused.status_code == 400
    assert "Sélectionnez un choix valide" in refused.content.decode()
    no_year = ask(client_a, AttestationKind.ANNUAL_TAX, "fr")
    assert no_year.status_code == 400
    assert "Choisissez l’année couverte par l’attestation fiscale." in no_year.content.decode()
    assert not Attestation.objects.exists()


def test_non_suspension_is_not_certified_when_the_last_payment_is_old(file_a, client_a):
    """file_a was last paid in January 2025: the pension may be suspended, so the portal does not say otherwise."""
    assert AttestationKind.NON_SUSPENSION not in attestations.kinds_for(file_a)
    assert ask(client_a, AttestationKind.NON_SUSPENSION, "fr").status_code == 400
    assert not Attestation.objects.exists()


def test_the_national_id_is_masked():
    assert attestations.masked_national_id("AB123412") == "AB••••12"
    assert attestations.masked_national_id("K12") == "•••"


# --- /verify/ throttle ------------------------------------------------------------------


def test_verify_is_throttled_per_client_address(client, settings, file_a):
    settings.ATTESTATION_VERIFY_LIMIT = 3
    attestation = attestations.issue(None, file_a, "fr")
    code = attestations.code_of(attestation)
    for _check in range(3):
        assert client.get("/fr/verify/", {"code": code}, REMOTE_ADDR="198.51.100.7").status_code == 200
    refused = client.get("/ar/verify/", {"code": code}, REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "تم التحقق من عدد كبير من الرموز" in body
    assert file_a.full_name_ar not in body
    # Another address is not affected; showing the empty form costs nothing.
    assert client.get("/fr/verify/", {"code": code}, REMOTE_ADDR="198.51.100.8").status_code == 200
    assert client.get("/fr/verify/", REMOTE_ADDR="198.51.100.7").status_code == 200
