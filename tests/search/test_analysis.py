"""The French and Arabic analysis pipeline, on real words people type."""

import sys
import unicodedata

import pytest

from search.analysis import analyze, ascii_digits, detect_language, fold, fold_accents, terms_text


def same_terms(a, b):
    return analyze(a) == analyze(b)


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("attestations", "l'attestation"),
        ("attestation", "L’ATTESTATION"),  # typographic apostrophe, capitals
        ("reclamations", "réclamation"),
        ("Réclamations", "reclamation"),
        ("retraites", "retraités"),
        ("retraite", "retraité"),
        ("pension de reversion", "pension de réversion"),
        ("deces", "décès"),
        ("jusqu'au paiement", "jusqu’au paiement"),
        ("œuvre", "oeuvre"),
    ],
)
def test_french_variants_meet(typed, written):
    assert same_terms(typed, written)
    assert analyze(typed)


def test_french_elisions_and_stop_words_are_removed():
    assert analyze("l'attestation de la pension d'invalidité") == ["attest", "pension", "invalidit"]
    assert analyze("qu'il lorsqu'on jusqu'à") == []


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("تقاعد", "التقاعد"),
        ("معاش", "المعاشات"),
        ("شهاده", "شهادة"),  # taa marbuta typed as haa
        ("احمد", "أحمد"),  # alef with hamza
        ("اعانة", "إعانة"),
        ("المنخرط", "المُنْخَرِط"),  # diacritics
        ("المنخرط", "المنـــخرط"),  # tatweel
        ("الشهادات", "شهادة"),
        ("مستشفى", "مستشفي"),  # alef maqsura / yaa
    ],
)
def test_arabic_variants_meet(typed, written):
    assert same_terms(typed, written)
    assert analyze(typed)


@pytest.mark.parametrize("word", ["معاش", "تقاعد", "شهادة", "حياة", "زوج", "بنك", "وفاة", "أيتام", "زمانة", "أرملة"])
@pytest.mark.parametrize("prefix", ["", "ال", "وال", "بال", "فال", "لل"])
def test_an_arabic_word_has_one_term_with_its_article_and_prepositions(word, prefix):
    # Snowball alone strips either the article or the ending: "الشهادة" and "شهادة" used to differ.
    assert analyze(prefix + word) == analyze(word)


def test_the_arabic_feminine_plural_meets_its_singular():
    assert analyze("المعاشات") == analyze("معاش")
    assert analyze("الاقتطاعات") == analyze("الاقتطاع")


def test_a_word_that_only_begins_like_an_article_keeps_its_letters():
    assert analyze("البنك") == analyze("بنك") != analyze("لبن")
    assert analyze("اللجنة") == analyze("لجنة")


@pytest.mark.parametrize(
    ("negated", "verb"),
    [("ماخلصونيش", "خلص"), ("ماوصلنيش", "وصل"), ("ماكيخلصونيش", "خلص"), ("مابقاش", "بقا")],
)
def test_the_darija_negation_is_unwrapped(negated, verb):
    assert analyze(negated) == analyze(verb)


def test_a_word_that_is_not_a_negation_is_left_alone():
    assert analyze("معاش") == ["معاش"]
    assert analyze("ماش")


def test_darija_function_words_are_stop_words():
    assert analyze("بغيت الشهادة ديال المعاش") == analyze("شهادة معاش")
    assert analyze("شنو كيفاش فين واش علاش باش") == []


def test_the_darija_clitic_before_the_article_is_removed():
    assert analyze("فالبنك") == analyze("البنك")


def test_arabic_stop_words_are_removed():
    assert analyze("كيف أحصل على شهادة المعاش") == analyze("احصل شهادة معاش")


def test_digits_of_every_script_become_ascii():
    assert analyze("رقم ٢٠٢٦") == analyze("رقم 2026")
    assert "2026" in analyze("۲۰۲۶")  # Persian digits
    assert analyze("２０２６") == ["2026"]  # full-width, through NFKC


def test_mixed_text_routes_each_word_by_script():
    assert analyze("attestation شهادة") == analyze("attestation") + analyze("شهادة")


def test_language_detection_by_script():
    assert detect_language("attestation de pension") == "fr"
    assert detect_language("شهادة المعاش") == "ar"
    assert detect_language("") == "fr"
    assert detect_language("CNSS شهادة المعاش") == "ar"


def test_fold_keeps_words_readable():
    assert fold("L’Attestation de Réclamation") == "l'attestation de reclamation"
    assert fold("المُنخرطة") == "المنخرطه"


@pytest.fixture(scope="module")
def every_character():
    """Every code point but the surrogates: the tables below are built for part of them only."""
    return "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)


def test_accent_folding_drops_exactly_the_combining_marks_of_every_script(every_character):
    # The definition, character by character; fold_accents does it in one pass with a table.
    decomposed = unicodedata.normalize("NFD", every_character)
    expected = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    assert fold_accents(every_character) == expected.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    # Queries are case-folded before folding: only the lower-case ligatures are spelt out.
    assert fold_accents("œuvre, ÉTÉ, straße, مُنْخَرِط") == "oeuvre, ETE, strasse, منخرط"


def test_every_digit_of_every_script_becomes_its_ascii_digit(every_character):
    expected = "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in every_character
    )
    assert ascii_digits(every_character) == expected
    assert ascii_digits("٢٠٢٦ ۱۴۰۵ २०२६ 2026") == "2026 1405 2026 2026"


def test_terms_text_is_what_the_whitespace_fields_receive():
    assert terms_text("Les attestations de pension") == "attest pension"
    assert terms_text(None) == ""
