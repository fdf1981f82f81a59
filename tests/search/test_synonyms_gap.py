"""Editors' synonyms found in the query even with a visitor's word inside the phrase."""

import pytest

from search import synonyms
from search.analysis import analyze
from search.models import Synonym

pytestmark = pytest.mark.django_db


def expanded(query):
    return [list(alternative) for alternative in synonyms.expand(analyze(query))]


def test_a_phrase_with_a_word_inside_still_matches_and_the_word_stays():
    Synonym.objects.create(terms="centre d'appels, standard téléphonique")
    assert analyze("standard téléphonique national") in expanded("centre national d'appels")


def test_a_contiguous_phrase_matches_as_before():
    Synonym.objects.create(terms="centre d'appels, standard téléphonique")
    assert analyze("numéro du standard téléphonique") in expanded("numéro du centre d'appels")


def test_words_too_far_apart_or_in_the_wrong_order_are_not_the_phrase():
    Synonym.objects.create(terms="centre d'appels, standard téléphonique")
    assert analyze("standard téléphonique") not in [a[:2] for a in expanded("centre de gestion des dossiers et appels")]
    assert not any("standard" in " ".join(a) for a in expanded("appels du centre"))


def test_an_arabic_phrase_with_a_word_inside():
    Synonym.objects.create(terms="مركز الاتصال, الهاتف")
    assert analyze("الهاتف الوطني") in expanded("مركز الوطني للاتصال")


def test_every_everyday_word_is_replaced_at_once_by_its_groups_first_phrase():
    Synonym.objects.create(terms="الزوج, راجلي")
    Synonym.objects.create(terms="وفاة, مات")
    assert analyze("الزوج وفاة المعاش") in expanded("راجلي مات المعاش")
