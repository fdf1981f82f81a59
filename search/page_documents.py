"""Which pages are searchable, and the document each one becomes.

Searchable: what cms.visibility lets a visitor see, of a type that describes itself for search
(``search_content()``, returning the cms.search_contract.SearchContent).
"""

import hashlib
import json

from wagtail.models import Locale, Page, Site

from cms import faq, visibility
from cms.models import FaqPage
from search import analysis

MAX_SUGGEST_INPUTS = 8


def describes_itself(page):
    return hasattr(page, "search_content")


def is_searchable(page):
    """A page a visitor may see (cms.visibility) that describes itself for search."""
    return page is not None and describes_itself(page) and visibility.is_public(page)


def _suggest_inputs(title):
    """The folded title and the title from each significant word on, for prefix completion mid-title."""
    words = analysis.folded_text(title).split()
    inputs = [" ".join(words[i:]) for i, word in enumerate(words) if analysis.analyze_token(word)]
    return list(dict.fromkeys([" ".join(words), *inputs]))[:MAX_SUGGEST_INPUTS]


def checksum(document):
    encoded = json.dumps(document, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def page_document(page):
    """The document for a page, or None when it must not be in the index."""
    if page is not None and not isinstance(page, Page):
        raise TypeError(page)
    page = page.specific if page is not None else None
    if not is_searchable(page):
        return None
    return _document(page)


def _texts(title, summary, body, language):
    """The three text fields, each stored raw, as terms and folded (search.documents), and the title's completions."""
    fields = {}
    for name, value in (("title", title), ("summary", summary), ("body", body)):
        fields[name] = value
        fields[f"{name}_terms"] = analysis.terms_text(value)
        fields[f"{name}_folded"] = analysis.folded_text(value)
    fields["title_suggest"] = {"input": _suggest_inputs(title), "contexts": {"language": [language]}}
    return fields


def _document(page):
    """The document of a page known to be searchable."""
    url = page.get_url()
    if not url:  # not under any site: nobody can reach it
        return None
    content = page.search_content()
    language = page.locale.language_code
    document = {
        "page_id": page.pk,
        "translation_key": str(page.translation_key),
        "language": language,
        "kind": content.kind,
        "category": content.category,
        "category_label": content.category_label,
        "audiences": list(content.audiences),
        "audience_labels": list(content.audience_labels),
        "url": url,
        "date": content.date.isoformat() if content.date else None,
        **_texts(page.title, content.summary, content.body, language),
    }
    document["checksum"] = checksum(document)
    return document


# What a question takes from its page: language, kind ("faq"), taxonomy (facets) and the id visibility checks.
SHARED_WITH_QUESTIONS = (
    "page_id",
    "translation_key",
    "language",
    "kind",
    "date",
    "category",
    "category_label",
    "audiences",
    "audience_labels",
)


def question_id(page_id, anchor):
    """A question's document id: its page's id and its anchor on the page."""
    return f"{page_id}#{anchor}"


def question_documents(page, page_document):
    """(id, document) for each question of a FAQ page, from the page's own document (None: no questions).

    A question typed word for word must find its answer, which a whole FAQ page (dozens of questions
    in one body) never ranks first for: each question is a document of its own, linked to its anchor.
    It shares its page's language, taxonomy and visibility (page_id: the FAQ page's).
    """
    if page_document is None or not isinstance(page, FaqPage):
        return []
    shared = {name: page_document[name] for name in SHARED_WITH_QUESTIONS}
    documents = []
    for question in faq.questions(page):
        document = {
            **shared,
            "anchor": question.anchor,
            "position": question.position,
            "url": f"{page_document['url']}#{question.anchor}",
            **_texts(question.question, question.summary, question.answer_text, page_document["language"]),
        }
        document["checksum"] = checksum(document)
        documents.append((question_id(page.pk, question.anchor), document))
    return documents


def searchable_pages():
    """Every page that should be in the index (specific instances)."""
    locales = {locale.pk: locale for locale in Locale.objects.all()}
    site_root_paths = Site.get_site_root_paths()
    for page in visibility.public_pages().specific().iterator(chunk_size=200):
        # Shared lookups instead of one query per page: the locale, and the sites' root paths,
        # which Wagtail's get_url keeps on the page itself when given no request.
        page.locale = locales[page.locale_id]
        page._wagtail_cached_site_root_paths = site_root_paths
        if describes_itself(page):
            yield page


def searchable_documents():
    """(id, document) for every page that should be in the index, each page followed by its questions."""
    for page in searchable_pages():
        document = _document(page)
        if document is not None:
            yield page.pk, document
            yield from question_documents(page, document)
