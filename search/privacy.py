"""Queries are kept for the search report, never with the personal data people sometimes type into them."""

import re

from search import analysis

_EMAIL = re.compile(r"\S+@\S+")
# National ID (CIN: one or two letters then digits, e.g. AB123456 or K12345).
_CIN = re.compile(r"\b[^\W\d_]{1,2}\s?\d{3,}\b", re.UNICODE)
# Affiliation, pension, phone and bank numbers: five digits or more, spaces or dashes inside
# included. Shorter numbers (a year, an article number) are kept: they are not personal.
_NUMBER = re.compile(r"\d[\d\s./-]{3,}\d")
_SPACES = re.compile(r"\s+")

MAX_LENGTH = 200


def scrub_query(query):
    """The query as the report stores it: normalised, e-mails and number-like strings removed."""
    text = analysis.normalize(query.replace("\x00", ""))  # PostgreSQL text cannot hold NUL
    text = _EMAIL.sub(" ", text)
    text = _CIN.sub(" ", text)
    text = _NUMBER.sub(" ", text)
    return _SPACES.sub(" ", text).strip()[:MAX_LENGTH]
