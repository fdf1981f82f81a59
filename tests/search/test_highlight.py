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
