"""Serving a stored attachment (a claim's, a request's) to someone already allowed to see it."""

from django.http import FileResponse, Http404


def serve(attachment):
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    # Never rendered inline, never sniffed into something else, never cached by a proxy.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store, private"
    return response
