"""Index definitions. Each text field is stored three ways:

* ``title`` (standard analyzer): the raw text, for highlighting and exact phrases;
* ``title_terms`` (whitespace analyzer): the terms of search.analysis (stemmed, folded,
  stop words removed), the same at query time, for recall;
* ``title_folded`` (standard analyzer on folded, unstemmed words): for typo tolerance
  (fuzziness on a stem misses too often: "attestaton" is 1 edit from "attestation" but 3 from "attest").

Only the server's built-in analysis is used, so the mappings work on any cluster.
Index names are not fixed here: search.indexes gives each a prefixed alias.
"""

from elasticsearch.dsl import Completion, Date, Document, InnerDoc, Integer, Keyword, Object, Text

RAW = "standard"
TERMS = "whitespace"


class PageDocument(Document):
    """A live, public page in one language (each translation is its own document), or one question of a FAQ page."""

    page_id = Integer()
    translation_key = Keyword()
    language = Keyword()
    kind = Keyword()
    category = Keyword()
    category_label = Keyword()
    audiences = Keyword(multi=True)
    audience_labels = Keyword(multi=True)
    url = Keyword(index=False)
    date = Date()
    # A FAQ question's own document (search.page_documents.question_documents): its anchor on the page.
    anchor = Keyword()
    position = Integer(index=False)
    title = Text(analyzer=RAW)
    title_terms = Text(analyzer=TERMS, copy_to="all_terms")
    title_folded = Text(analyzer=RAW, copy_to="all_folded")
    summary = Text(analyzer=RAW)
    summary_terms = Text(analyzer=TERMS, copy_to="all_terms")
    summary_folded = Text(analyzer=RAW, copy_to="all_folded")
    body = Text(analyzer=RAW)
    body_terms = Text(analyzer=TERMS, copy_to="all_terms")
    body_folded = Text(analyzer=RAW, copy_to="all_folded")
    # Every term of the page in one field: tells "did you mean" which words the index already knows.
    all_terms = Text(analyzer=TERMS)
    # Every folded word of the page in one field: the vocabulary "did you mean" draws from.
    all_folded = Text(analyzer=RAW)
    # Autocomplete: folded title and its word suffixes, so "attest" finds "Demander une attestation".
    title_suggest = Completion(analyzer="simple", contexts=[{"name": "language", "type": "category"}])
    checksum = Keyword(index=False)


class ClaimAgent(InnerDoc):
    id = Integer()
    name = Keyword()


class ClaimDocument(Document):
    """A claim for staff search and for a member's search of their own claims.

    Never holds the national ID, the bank account or any contact detail: staff
    find a member by name, affiliation or pension number.
    """

    claim_id = Integer()
    member_id = Integer()  # every member-side query filters on it, inside the query
    reference = Keyword(normalizer="lowercase")
    member_name = Text(analyzer=RAW)
    member_name_folded = Text(analyzer=RAW)
    affiliation_number = Keyword()
    pension_number = Keyword()
    category = Keyword()
    status = Keyword()
    channel = Keyword()
    agent = Object(ClaimAgent)
    subject = Text(analyzer=RAW)
    subject_terms = Text(analyzer=TERMS)
    subject_folded = Text(analyzer=RAW)
    # What the member and the agents wrote to each other.
    text = Text(analyzer=RAW)
    text_terms = Text(analyzer=TERMS)
    text_folded = Text(analyzer=RAW)
    # Agents' internal notes: searched by staff only, never by the member.
    internal_terms = Text(analyzer=TERMS)
    internal_folded = Text(analyzer=RAW)
    created_at = Date()
    updated_at = Date()
    checksum = Keyword(index=False)


def mappings(document_class):
    return document_class._doc_type.mapping.to_dict()
