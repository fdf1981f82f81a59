"""Serving a stored attachment (a claim's, a request's, a life-control answer's) to someone already
allowed to see it."""

from django.http import FileResponse, Http404

# The images the upload pipeline re-encoded (``uploads.check_file``): nothing but pixels remain, so
# an agent's page may show them in an <img>. Anything else (a PDF) is always a download.
INLINE_TYPES = frozenset({"image/jpeg", "image/png"})


def serve(attachment, *, inline=False):
    """The file as a download; ``inline=True`` lets a re-encoded image be shown in the page."""
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=not (inline and attachment.content_type in INLINE_TYPES),
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    # Never sniffed into something else, never cached by a proxy; even shown inline, opened on its
    # own it runs nothing (sandbox).
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store, private"
    return response
