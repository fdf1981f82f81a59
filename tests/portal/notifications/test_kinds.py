"""Every kind the features tell: its words format with its params, and its text message is one segment."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from portal.claims.choices import Status as ClaimStatus
from portal.notifications import kinds, rendering, sms
from portal.notifications.models import Notification

LANGUAGES = [code for code, _name in settings.LANGUAGES]
FEATURE_KINDS = {
    "claim.acknowledgement",
    "claim.reply",
    "claim.status",
    "request.submitted",
    "request.documents",
    "request.decided",
    "change.decided",
    "payment.made",
    "dossier.step",
}


def _rendered(kind, params, language):
    return rendering.render(Notification(kind=kind.code, params=params, language=language), language)


def test_every_feature_registers_its_kinds():
    assert {kind.code for kind in kinds.all_kinds()} >= FEATURE_KINDS


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", kinds.all_kinds(), ids=lambda kind: kind.code)
def test_the_text_message_is_one_segment_with_the_longest_values(kind, language):
    needed = set(re.findall(r"%\((\w+)\)s", str(kind.title) + str(kind.sms) + str(kind.body)))
    missing = needed - set(rendering._params(kind.params, language))
    assert not missing, f"{kind.code}: give `params` the longest realistic values of {sorted(missing)}"
    message = _rendered(kind, kind.params, language)
    assert sms.segments(message.text) == 1, (kind.code, language, sms.length(message.text), message.text)
    assert "%(" not in message.title + message.text + message.body


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", sorted(FEATURE_KINDS))
def test_every_placeholder_has_a_value(code, language):
    """``rendering`` falls back to the source words when a value is missing: here it must not have to."""
    kind = kinds.get(code)
    values = rendering._params(kind.params, language)
    with translation.override(language):
        for words in (kind.title, kind.sms, kind.body, kind.label):
            assert str(words) % values


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("status", ClaimStatus.values)
def test_every_claim_status_fits(status, language):
    labels = {}
    for other in LANGUAGES:
        with translation.override(other):
            labels[f"status_{other}"] = str(ClaimStatus(status).label)
    message = _rendered(kinds.get("claim.status"), {"reference": "REC-2026-000123", **labels}, language)
    assert sms.segments(message.text) == 1, message.text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_of_a_payment_fits(month, language):
    params = {}
    for other in LANGUAGES:
        with translation.override(other):
            params[f"period_{other}"] = formats.date_format(datetime.date(2026, month, 1), "YEAR_MONTH_FORMAT")
    message = _rendered(kinds.get("payment.made"), params, language)
    assert sms.segments(message.text) == 1, message.text


@pytest.mark.parametrize("code", sorted(FEATURE_KINDS))
def test_every_kind_points_to_a_portal_page(code):
    kind = kinds.get(code)
    kwargs = (
        {"reference": "REC-2026-000123"}
        if kind.url_name in ("claims:detail", "casework:detail", "portal:dossier")
        else None
    )
    assert reverse(kind.url_name, kwargs=kwargs)
