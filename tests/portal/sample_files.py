"""Real files for upload tests, made on the fly (PDFs with fpdf2 and pypdf, images with Pillow)."""

import datetime
import io
import struct
import zipfile
import zlib

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


def pdf_with_image(jpeg):
    """A one-page PDF showing ``jpeg``, whose bytes fpdf2 embeds unchanged (a /DCTDecode stream)."""
    document = FPDF()
    document.set_creation_date(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    document.add_page()
    document.image(io.BytesIO(jpeg), x=10, y=10, w=50)
    return bytes(document.output())


def _segment(marker, payload):
    return bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big") + payload


def jpeg_with_segments(comment=b"", app13=b""):
    """A JPEG with an ICC profile (APP2), an optional Photoshop/IPTC block (APP13) and comment (COM)."""
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (20, 90, 160)).save(out, "JPEG", icc_profile=b"ICC-PROFILE-MARKER" * 4)
    data = out.getvalue()
    extra = (_segment(0xED, app13) if app13 else b"") + (_segment(0xFE, comment) if comment else b"")
    start_of_frame = data.index(b"\xff\xdb")  # the first quantisation table: insert before it
    return data[:start_of_frame] + extra + data[start_of_frame:]


def jpeg_segments(data):
    """The names of the APPn and COM segments before the image data, in order."""
    names, position = [], 2
    while data[position] == 0xFF and data[position + 1] != 0xDA:  # up to the start of scan
        marker = data[position + 1]
        if 0xE0 <= marker <= 0xEF:
            names.append(f"APP{marker - 0xE0}")
        elif marker == 0xFE:
            names.append("COM")
        position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
    return names


def png_with_chunks(text):
    """A PNG with an ICC profile (iCCP) and a text chunk (tEXt) holding ``text``."""
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (20, 90, 160)).save(out, "PNG", icc_profile=b"ICC-PROFILE-MARKER" * 4)
    data = out.getvalue()
    chunk = struct.pack(">I", len(text)) + b"tEXt" + text + struct.pack(">I", zlib.crc32(b"tEXt" + text))
    return data[:33] + chunk + data[33:]


def png_chunks(data):
    names, position = [], 8
    while position < len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        names.append(data[position + 4 : position + 8].decode("latin-1"))
        position += 12 + length
    return names
