"""Plain text drawn from rich text and StreamFields, for search and summaries."""

from wagtail.rich_text import get_text_for_indexing


def html_text(html):
    return get_text_for_indexing(html or "").strip()


def stream_text(stream_value):
    """Every searchable string of a StreamField value, one per line, without HTML."""
    if not stream_value:
        return ""
    parts = stream_value.stream_block.get_searchable_content(stream_value)
    return "\n".join(html_text(part) for part in parts if part and str(part).strip())


def join_text(*parts):
    return "\n".join(part.strip() for part in parts if part and part.strip())
