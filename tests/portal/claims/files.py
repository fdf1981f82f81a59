"""Real files for upload tests, made on the fly (PDFs with fpdf2 and pypdf, images with Pillow)."""

import datetime
import io
import zipfile

from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject


def pdf_bytes(text="Relevé de pension"):
    document = FPDF()
    # A fixed date (and so a fixed file ID): the same call gives the same bytes, even a second later.
    document.set_creation_date(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text="Releve de pension" if not text.isascii() else text)
    return bytes(document.output())


def _pdf_with_open_action(action):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    action = DictionaryObject({NameObject(key): value for key, value in action.items()})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_javascript():
    return _pdf_with_open_action({"/S": NameObject("/JavaScript"), "/JS": TextStringObject("app.alert('hi');")})


def pdf_with_launch_action():
    return _pdf_with_open_action({"/S": NameObject("/Launch"), "/F": TextStringObject("cmd.exe")})


def pdf_with_hidden_javascript_name():
    """/JavaScript spelt with a #xx escape, as malware does to dodge naive scanners."""
    return pdf_with_javascript().replace(b"/JavaScript", b"/J#61vaScript")


def image_bytes(image_format="JPEG", size=(64, 48), exif_gps=False):
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    kwargs = {}
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "SecretCam"  # Make
        exif[0x8825] = {1: "N", 2: (33.0, 35.0, 0.0)}  # GPS
        kwargs["exif"] = exif
    image.save(out, image_format, **kwargs)
    return out.getvalue()


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>'
)


def png_zip_polyglot():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("payload.html", HTML)
    return image_bytes("PNG") + archive.getvalue()


def jpeg_html_polyglot():
    return image_bytes("JPEG") + HTML


def pdf_html_polyglot():
    return b"%PDF-1.4\n" + HTML + b"\n" + pdf_bytes()[9:]
