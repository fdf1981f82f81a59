"""Queries are kept for the search report, never with the personal data people sometimes type into them.

Two layers: what is stored is scrubbed (e-mails, ID and account numbers, and any word that is a
member's first or last name, in Latin or Arabic script), and the report only shows a query once
enough distinct visitors typed it (search.report, SEARCH_REPORT_MIN_VISITORS).
"""

import re

from search import analysis
from search.models import PersonName

_EMAIL = re.compile(r"\S+@\S+")
# National ID (CIN: one or two letters then digits, e.g. AB123456 or K12345).
_CIN = re.compile(r"\b[^\W\d_]{1,2}\s?\d{3,}\b", re.UNICODE)
# Affiliation, pension, phone and bank numbers: five digits or more, spaces or dashes inside
# included. Shorter numbers (a year, an article number) are kept: they are not personal.
_NUMBER = re.compile(r"\d[\d\s./-]{3,}\d")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)

MAX_LENGTH = 200
# Name words shorter than this ("el", "ou") are too common to strip.
MIN_NAME_LENGTH = 3
BATCH = 5_000


def storable_query(query):
    """The query as the search report stores it: scrubbed, then without the words that are members' names."""
    return without_names(scrub_query(query))


def without_names(scrubbed):
    """A scrubbed query (scrub_query) without the words that are members' names (one indexed query)."""
    return _SPACES.sub(" ", strip_names(scrubbed)).strip()


def scrub_query(query):
    """The query normalised, e-mails and number-like strings removed (no database access)."""
    text = analysis.normalize(query.replace("\x00", ""))  # PostgreSQL text cannot hold NUL
    text = _EMAIL.sub(" ", text)
    text = _CIN.sub(" ", text)
    text = _NUMBER.sub(" ", text)
    return _SPACES.sub(" ", text).strip()[:MAX_LENGTH]


def name_words(text):
    """The folded words of a name, as PersonName stores them ("Benali-Idrissi" -> benali, idrissi)."""
    return {word for word in _WORD.findall(analysis.fold(text)) if len(word) >= MIN_NAME_LENGTH and not word.isdigit()}


def strip_names(text):
    """text without the words that are a member's first or last name (one indexed query)."""
    words = {word: analysis.fold(word) for word in _WORD.findall(text)}
    candidates = {folded for folded in words.values() if len(folded) >= MIN_NAME_LENGTH}
    if not candidates:
        return text
    names = set(PersonName.objects.filter(word__in=candidates).values_list("word", flat=True))
    if not names:
        return text
    return _WORD.sub(lambda match: " " if words.get(match.group(0)) in names else match.group(0), text)


def _member_name_words(values):
    words = set()
    for value in values:
        words |= name_words(value or "")
    return words


def add_member_names(member):
    """A member was saved: their name words join the list (never removed here: another member may share them)."""
    words = _member_name_words([member.first_name, member.last_name, member.first_name_ar, member.last_name_ar])
    PersonName.objects.bulk_create([PersonName(word=word) for word in words], ignore_conflicts=True)


def refresh_names():
    """Rebuild the list from the member file (bulk imports send no signal). Returns (added, removed)."""
    from portal.models import Member  # search reads portal; portal never imports search

    wanted = set()
    fields = ("first_name", "last_name", "first_name_ar", "last_name_ar")
    for values in Member.objects.values_list(*fields).iterator(chunk_size=BATCH):
        wanted |= _member_name_words(values)
    stored = set(PersonName.objects.values_list("word", flat=True))
    added, removed = wanted - stored, stored - wanted
    PersonName.objects.bulk_create([PersonName(word=word) for word in added], batch_size=BATCH, ignore_conflicts=True)
    removed_list = list(removed)
    for start in range(0, len(removed_list), BATCH):
        PersonName.objects.filter(word__in=removed_list[start : start + BATCH]).delete()
    return len(added), len(removed)
