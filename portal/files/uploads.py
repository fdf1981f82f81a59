"""Checking the files people attach: claims, procedures, documents the fund asks for.

A file is judged by its content, never by its name or the browser's content
type: the first bytes must be those of a PDF, a JPEG or a PNG. Everything else
(HTML renamed to .pdf, SVG, office documents, archives) is refused.

Beyond the type:
- polyglots (a file that is valid as two formats, e.g. a PNG carrying an HTML
  page or a ZIP archive) are refused, since the second format could be
  interpreted by another program;
- images are decoded and re-encoded with Pillow, which drops EXIF (GPS
  position, camera serial), comments (JPEG COM), ICC profiles and every other
  APPn segment or ancillary chunk, and anything appended after the image: only
  the pixels (and a PNG's palette and transparency) are written back; a
  decompression-bomb guard refuses images with too many pixels before decoding
  them;
- PDFs are judged by ``pdf_inspection`` in a child process with a memory, CPU
  and time budget (a small PDF can inflate to gigabytes; see that module for
  why a process and not only counters), and refused when they carry
  JavaScript, embedded files, rich media, actions that launch programs, reach
  network shares (/GoToR), play media or run by themselves (/AA, a web page
  opened by /OpenAction), when they are encrypted with a password, when they
  cannot be parsed, or when they exceed the budget;
- then the configured virus scanner sees the bytes that will be stored.

``validate_uploads`` raises a ``ValidationError`` listing one clear,
translated message per refused file; nothing is written before every file has
passed, so a refused upload never leaves a claim, a request or a file behind.
"""

import io
import logging
import re
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from portal.files import pdf_inspection, virus_scan

logger = logging.getLogger(__name__)

MAX_FILES = 5
MAX_FILE_SIZE = 10 * 1024 * 1024
# 40 megapixels covers any phone photo or A4 scan at 600 dpi; beyond that a
# small file that decodes to gigabytes of pixels is an attack, not a document.
MAX_IMAGE_PIXELS = 40_000_000

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
_SIGNATURES = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}

# Signatures of other formats that must not hide inside an accepted file.
# Each is long enough that compressed image or PDF data cannot contain it by
# chance (a 4-byte pattern would appear in one 10 MB photo out of a few hundred).
_FOREIGN = re.compile(
    rb"<\s*(?:script|html|body|iframe|object|embed|svg|meta|!doctype\s+html)[\s>/]"
    rb"|PK\x03\x04[\x0a-\x3f]\x00"  # ZIP local file header (also JAR, DOCX, APK)
    rb"|PK\x05\x06\x00\x00\x00\x00"  # ZIP end of central directory
    rb"|%PDF-\d\.\d",  # a PDF inside something else, or a second PDF header
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed every check: these exact bytes are what gets stored."""

    name: str
    content_type: str
    data: bytes

    @property
    def size(self):
        return len(self.data)

    @property
    def extension(self):
        return EXTENSIONS[self.content_type]


class _Refused(Exception):
    """One file refused, with the message for the person who sent it."""


def validate_uploads(files):
    """Check every file; return CheckedFiles or raise ValidationError (one message per refused file)."""
    files = [f for f in files if f]
    if len(files) > MAX_FILES:
        raise ValidationError(
            _("You can attach at most %(max)d files to one message; you sent %(count)d.")
            % {"max": MAX_FILES, "count": len(files)},
            code="too_many_files",
        )
    checked, errors = [], []
    for upload in files:
        name = display_name(getattr(upload, "name", "") or "")
        try:
            checked.append(check_file(name, _read_limited(upload, name)))
        except _Refused as refusal:
            errors.append(ValidationError(str(refusal), code="refused_file"))
    if errors:
        raise ValidationError(errors)
    return checked


def display_name(name):
    """The last path component, without control characters, at most 120 characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[-120:] or _("file")


def _read_limited(upload, name):
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_FILE_SIZE:
        raise _Refused(_too_large(name))
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_FILE_SIZE + 1)
    if len(data) > MAX_FILE_SIZE:
        raise _Refused(_too_large(name))
    if not data:
        raise _Refused(_("“%(name)s” is empty.") % {"name": name})
    return data


def _too_large(name):
    return _("“%(name)s” is larger than %(max)d MB; send a smaller or compressed copy.") % {
        "name": name,
        "max": MAX_FILE_SIZE // (1024 * 1024),
    }


def sniff(data):
    """The content type given by the first bytes, or None."""
    for signature, content_type in _SIGNATURES:
        if data.startswith(signature):
            return content_type
    return None


def check_file(name, data):
    content_type = sniff(data)
    if content_type is None:
        raise _Refused(
            _(
                "“%(name)s” is not a PDF, JPEG or PNG file (its content was checked, not its name). "
                "Only these formats are accepted."
            )
            % {"name": name}
        )
    if _is_polyglot(data):
        raise _Refused(_("“%(name)s” hides another kind of file inside it and cannot be accepted.") % {"name": name})
    if content_type == PDF:
        _check_pdf(name, data)
        clean = data
    else:
        clean = _reencode_image(name, data, content_type)
    verdict = virus_scan.scan(clean)
    if verdict.infected:
        logger.warning("Attachment refused by the virus scanner: %s", verdict.signature)
        raise _Refused(_("“%(name)s” contains a virus and was refused.") % {"name": name})
    if verdict.unavailable:
        raise _Refused(
            _("“%(name)s” could not be checked for viruses just now. Please try again in a few minutes.")
            % {"name": name}
        )
    return CheckedFile(name=_with_extension(name, content_type), content_type=content_type, data=clean)


def _with_extension(name, content_type):
    """Keep the member's name but give it the extension of what the file really is."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem or 'document'}.{EXTENSIONS[content_type]}"


def _is_polyglot(data):
    # The header at offset 0 was matched by sniff(); look for a second format after it.
    return _FOREIGN.search(data, 1) is not None


def _check_pdf(name, data):
    verdict = pdf_inspection.inspect(data)
    if verdict == pdf_inspection.ACTIVE:
        raise _Refused(
            _(
                "“%(name)s” is a PDF with scripts, embedded files or actions that open other programs; "
                "it cannot be accepted. Print it to a new PDF and send that copy."
            )
            % {"name": name}
        )
    if verdict == pdf_inspection.ENCRYPTED:
        raise _Refused(
            _("“%(name)s” is protected by a password. Remove the password and send it again.") % {"name": name}
        )
    if verdict == pdf_inspection.UNAVAILABLE:
        raise _Refused(
            _("“%(name)s” could not be checked just now. Please try again in a few minutes.") % {"name": name}
        )
    if verdict != pdf_inspection.CLEAN:
        raise _Refused(_damaged(name))


def _damaged(name):
    return _("“%(name)s” is damaged or not a real document and cannot be read.") % {"name": name}


def _reencode_image(name, data, content_type):
    expected = "JPEG" if content_type == JPEG else "PNG"
    try:
        with warnings.catch_warnings():
            # Pillow warns (and only warns) between MAX_IMAGE_PIXELS and twice that.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                # Reading the size parses only the header: no pixel is decoded yet.
                if probe.format != expected:
                    raise _Refused(_damaged(name))
                if probe.width * probe.height > MAX_IMAGE_PIXELS:
                    raise _Refused(
                        _("“%(name)s” is an image of more than %(max)d megapixels; send a smaller copy.")
                        % {"name": name, "max": MAX_IMAGE_PIXELS // 1_000_000}
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                # Apply the EXIF orientation before EXIF is dropped, so photos stay upright.
                image = ImageOps.exif_transpose(image)
                return _save(image, expected)
    except _Refused:
        raise
    except Exception as error:
        # Whatever the image library raises (UnidentifiedImageError, OSError, struct.error, a
        # decompression-bomb warning turned error...), the file is unreadable: a refusal, never a 500.
        logger.info("Attachment refused: unreadable image (%s)", type(error).__name__)
        raise _Refused(_damaged(name)) from error


# What the decoder read that the encoder still needs to draw the same pixels.
_KEPT_IMAGE_INFO = {"JPEG": (), "PNG": ("transparency",)}


def _save(image, image_format):
    out = io.BytesIO()
    # Pillow's encoders write back some of what its decoders read (a JPEG's COM
    # comment, a PNG's ICC profile): keep only what the pixels need.
    image.info = {key: image.info[key] for key in _KEPT_IMAGE_INFO[image_format] if key in image.info}
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, optimize=True)
    else:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    return out.getvalue()
