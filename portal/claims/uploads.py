"""Checking the files a member (or an agent) attaches to a claim.

A file is judged by its content, never by its name or the browser's content
type: the first bytes must be those of a PDF, a JPEG or a PNG. Everything else
(HTML renamed to .pdf, SVG, office documents, archives) is refused.

Beyond the type:
- polyglots (a file that is valid as two formats, e.g. a PNG carrying an HTML
  page or a ZIP archive) are refused, since the second format could be
  interpreted by another program;
- images are decoded and re-encoded with Pillow, which drops EXIF (GPS
  position, camera serial), comments and anything appended after the image;
  a decompression-bomb guard refuses images with too many pixels before
  decoding them;
- PDFs are parsed with pypdf and refused when they carry JavaScript, launch
  or import actions, embedded files or rich media, when they are encrypted
  with a password, or when they cannot be parsed;
- then the configured virus scanner sees the bytes that will be stored.

``validate_uploads`` raises a ``ValidationError`` listing one clear,
translated message per refused file; nothing is written before every file has
passed, so a refused upload never leaves a claim or a file behind.
"""

import io
import logging
import re
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from portal.claims import virus_scan

logger = logging.getLogger(__name__)

MAX_FILES = 5
MAX_FILE_SIZE = 10 * 1024 * 1024
# 40 megapixels covers any phone photo or A4 scan at 600 dpi; beyond that a
# small file that decodes to gigabytes of pixels is an attack, not a document.
MAX_IMAGE_PIXELS = 40_000_000
# A pathological PDF can hold millions of tiny objects; no genuine letter does.
MAX_PDF_OBJECTS = 100_000

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

# PDF names that make a reader run code, open other programs or files, or send data.
_PDF_FORBIDDEN_NAMES = {
    "/JavaScript",
    "/JS",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/ImportData",
    "/SubmitForm",
    "/GoToE",
    "/XFA",
}
_PDF_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


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
        logger.warning("Claim attachment refused by the virus scanner: %s", verdict.signature)
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


def _pdf_names(data):
    """Every name token in the raw bytes, #xx escapes decoded (/J#61vaScript is /JavaScript)."""
    for match in _PDF_NAME.finditer(data):
        raw = _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(0))
        yield raw.decode("latin-1")


def _check_pdf(name, data):
    active = _(
        "“%(name)s” is a PDF with scripts, embedded files or actions that open other programs; "
        "it cannot be accepted. Print it to a new PDF and send that copy."
    ) % {"name": name}
    # Raw scan: viewers rebuild a damaged cross-reference table and would run
    # what a strict parser never reaches, so look at every name in the bytes...
    if any(token in _PDF_FORBIDDEN_NAMES for token in _pdf_names(data)):
        raise _Refused(active)
    # ...and walk the parsed structure, which sees inside compressed object streams.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise _Refused(
                    _("“%(name)s” is protected by a password. Remove the password and send it again.") % {"name": name}
                )
            if len(reader.pages) == 0:
                raise _Refused(_damaged(name))
            if _has_active_content(reader):
                raise _Refused(active)
    except _Refused:
        raise
    except (PdfReadError, ValueError, TypeError, KeyError, AttributeError, RecursionError, OSError) as error:
        logger.info("Claim attachment refused: unreadable PDF (%s)", error)
        raise _Refused(_damaged(name)) from error


def _damaged(name):
    return _("“%(name)s” is damaged or not a real document and cannot be read.") % {"name": name}


def _has_active_content(reader):
    """Walk every object reachable from the trailer, looking for forbidden keys or action types."""
    seen, stack, visited = set(), [reader.trailer], 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise ValueError("too many objects")
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                if key in _PDF_FORBIDDEN_NAMES:
                    return True
                if key == "/S" and isinstance(value, NameObject) and value in _PDF_FORBIDDEN_NAMES:
                    return True
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return False


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
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        logger.info("Claim attachment refused: unreadable image (%s)", error)
        raise _Refused(_damaged(name)) from error
    except Image.DecompressionBombWarning as error:
        raise _Refused(_damaged(name)) from error


def _save(image, image_format):
    out = io.BytesIO()
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        # No exif=, no comment=: Pillow writes none unless asked, which is the point.
        image.save(out, "JPEG", quality=90, optimize=True)
    else:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    return out.getvalue()
