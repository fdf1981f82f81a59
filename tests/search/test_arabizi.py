"""Arabizi -> the Arabic words of the site: spellings, detection, and the words chosen."""

import pytest

from search import arabizi
from search.analysis import analyze

# A small vocabulary, as search.arabizi.vocabulary() builds it from the pages: term -> how often used.
SITE = dict.fromkeys(analyze("شهادة الحياة المعاش التقاعد المبكر الأيتام الوفاة تغيير الحساب البنكي"), 5)


def test_each_vowel_is_written_or_left_out():
    assert "معاش" in arabizi.spellings("m3ach")
    assert "شهادة".replace("ة", "ه") in arabizi.spellings("chahada")
    assert "تقاعد" in arabizi.spellings("ta9a3od")


@pytest.mark.parametrize(
    ("typed", "arabic"),
    [
        ("chhadat l7ayat", "شهادة الحياة"),
        ("ta9a3od mobakir", "التقاعد المبكر"),
        ("m3ach l2aytam", "معاش الأيتام"),
        ("chahadat l m3ach", "شهادة المعاش"),
        ("5 m3ach", "5 المعاش"),
    ],
)
def test_arabizi_becomes_the_sites_arabic_terms(typed, arabic):
    assert list(arabizi.transliterate(typed.split(), SITE)) == analyze(arabic)


@pytest.mark.parametrize("word", ["ta9a3od", "l7ayat", "m3ach", "chhada", "lbanka", "retret"])
def test_digits_among_letters_or_known_darija_words_mark_arabizi(word):
    assert arabizi.is_arabizi(word)


@pytest.mark.parametrize("query", ["attestation de vie", "pension 2026", "retraite anticipée", "fin de droits", "rib"])
def test_french_is_never_transliterated(query):
    assert arabizi.transliterate(query.split(), SITE) == ()


def test_darija_function_words_and_unknown_words_are_left_out():
    assert list(arabizi.transliterate(["bghit", "chhadat", "dyal", "l7ayat", "xyzzy"], SITE)) == analyze("شهادة الحياة")


def test_emphatic_letters_and_the_split_negation():
    site = dict.fromkeys(analyze("المعاش التوصل وصل"), 5)
    assert list(arabizi.transliterate(["lm3ach", "ma", "wsalnich"], site)) == analyze("المعاش وصل")
