"""What a page hands to search: the one contract between cms and search.

A page type that should be found by the site search defines ``search_content()`` and returns a
SearchContent. cms never imports search: search reads this object (search.page_documents) and
turns it into the index document and the database fallback's row. The page's title, URL and
language come from the page itself.
"""

import datetime
from dataclasses import dataclass

KINDS = ("procedure", "news", "faq", "standard", "contact")


@dataclass(frozen=True)
class SearchContent:
    kind: str  # one of KINDS: the result's label and its ranking weight (search.ranking)
    summary: str = ""  # plain text, shown under the title
    body: str = ""  # plain text, no HTML: everything else a visitor might search for
    category: str = ""  # category slug (a facet)
    category_label: str = ""  # its name in the page's language
    audiences: tuple[str, ...] = ()  # audience slugs (a facet)
    audience_labels: tuple[str, ...] = ()  # their names, in the same order
    date: datetime.date | None = None  # news date or last review

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown search kind {self.kind!r}")
        # Lists from the taxonomy helpers are kept as tuples: the contract is immutable.
        object.__setattr__(self, "audiences", tuple(self.audiences))
        object.__setattr__(self, "audience_labels", tuple(self.audience_labels))
