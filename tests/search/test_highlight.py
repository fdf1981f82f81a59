"""search.highlight's body fragments: the passages holding the most distinct words of the query."""

import html

import pytest

from search import highlight, query

pytestmark = pytest.mark.django_db


def _matcher(text):
    return highlight.Matcher.for_query(query.analyse(text))


def test_the_fragment_holding_both_words_wins_over_the_common_word_repeated():
    # "pension" is everywhere; only one passage holds "réversion" too.
    filler = "La pension est versée chaque mois. " * 40
    text = filler + "La pension de réversion revient au conjoint survivant. " + filler
    fragments = _matcher("pension réversion").fragments(text, count=1)
    assert len(fragments) == 1
    assert "<mark>réversion</mark>" in fragments[0] and "<mark>pension</mark>" in fragments[0]


def test_fragments_do_not_overlap_and_keep_the_text_order():
    text = " ".join(["Le dossier de retraite est complet."] * 30 + ["L'attestation de retraite est prête."] * 30)
    fragments = _matcher("attestation retraite").fragments(text)
    assert len(fragments) == 2
    assert "<mark>attestation</mark>" in fragments[0] + fragments[1]
    plain = [html.unescape(f.replace("<mark>", "").replace("</mark>", "")) for f in fragments]
    assert text.index(plain[0]) < text.index(plain[1])
    assert text.index(plain[0]) + len(plain[0]) <= text.index(plain[1])


def test_a_text_without_the_words_gives_no_fragment():
    assert _matcher("réversion").fragments("Rien à voir ici. " * 20) == []


def test_a_word_is_marked_by_its_term_or_its_folded_form_and_only_whole():
    text = "Sa pension, la PENSION de Réversion des pensionnés ; aucune suspension."
    spans = highlight.Matcher(frozenset({"pension"}), frozenset({"reversion"})).spans(text)
    assert [text[start:end] for start, end, _term in spans] == ["pension", "PENSION", "Réversion", "pensionnés"]
    assert {term for _start, _end, term in spans} == {"pension", highlight.forms("réversion")[1]}


def test_the_vocabulary_starts_again_empty_past_its_limits_and_still_marks():
    vocabulary = highlight.Vocabulary(limit=3, texts=2)
    assert vocabulary.marked("retraite de la", {"retrait"}, set()) == {"retraite": "retrait"}
    # Four new words are more than the limit: the tables start again, and the answer is still right.
    term = highlight.forms("معاش")[1]
    assert set(vocabulary.marked("المعاش معاش يصرف شهريا", {term}, set())) == {"المعاش", "معاش"}
    assert vocabulary.forms("المعاش") == ("المعاش", term) and len(vocabulary._tables[0]) == 4
    # The same text again is answered from its kept words; past two texts the kept ones are forgotten.
    assert set(vocabulary.marked("المعاش معاش يصرف شهريا", {term}, set())) == {"المعاش", "معاش"}
    vocabulary.marked("معاش", {term}, set())
    assert len(vocabulary._tables[3]) == 2
    vocabulary.marked("يصرف", {term}, set())
    assert list(vocabulary._tables[3]) == ["يصرف"]
