"""Upload checks on real files: by content, never by name; polyglots, active PDFs and bombs refused."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from portal.claims import uploads, virus_scan
from tests.portal.claims import files


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refused(*uploaded):
    with pytest.raises(ValidationError) as error:
        uploads.validate_uploads(uploaded)
    return " ".join(error.value.messages)


def test_pdf_jpeg_png_accepted_by_content():
    checked = uploads.validate_uploads(
        [
            upload("lettre.pdf", files.pdf_bytes()),
            upload("photo.jpg", files.image_bytes("JPEG")),
            upload("capture.png", files.image_bytes("PNG")),
        ]
    )
    assert [c.content_type for c in checked] == ["application/pdf", "image/jpeg", "image/png"]
    assert checked[0].data == files.pdf_bytes()


def test_the_name_does_not_decide_the_type():
    # A real JPEG called .pdf is accepted as a JPEG and renamed accordingly.
    [checked] = uploads.validate_uploads([upload("scan.pdf", files.image_bytes("JPEG"), "application/pdf")])
    assert checked.content_type == "image/jpeg"
    assert checked.name == "scan.jpg"


def test_a_pdf_that_is_really_html_is_refused():
    message = refused(upload("releve.pdf", files.HTML, "application/pdf"))
    assert "“releve.pdf” is not a PDF, JPEG or PNG file" in message


def test_svg_is_refused():
    assert "“logo.svg” is not a PDF, JPEG or PNG file" in refused(upload("logo.svg", files.SVG, "image/svg+xml"))


def test_svg_renamed_png_is_refused():
    assert "is not a PDF, JPEG or PNG file" in refused(upload("image.png", files.SVG, "image/png"))


def test_oversized_file_is_refused():
    big = files.pdf_bytes() + b"\n%" + b"0" * (uploads.MAX_FILE_SIZE)
    assert "“gros.pdf” is larger than 10 MB" in refused(upload("gros.pdf", big))


def test_empty_file_is_refused():
    assert "“vide.pdf” is empty" in refused(upload("vide.pdf", b""))


@pytest.mark.parametrize(
    "name, data",
    [
        ("photo.png", files.png_zip_polyglot()),
        ("photo.jpg", files.jpeg_html_polyglot()),
        ("lettre.pdf", files.pdf_html_polyglot()),
    ],
)
def test_polyglots_are_refused(name, data):
    assert f"“{name}” hides another kind of file inside it" in refused(upload(name, data))


def test_sixth_file_is_refused():
    message = refused(*[upload(f"p{i}.pdf", files.pdf_bytes()) for i in range(6)])
    assert "at most 5 files" in message


@pytest.mark.parametrize(
    "data", [files.pdf_with_javascript(), files.pdf_with_launch_action(), files.pdf_with_hidden_javascript_name()]
)
def test_active_pdfs_are_refused(data):
    assert "is a PDF with scripts" in refused(upload("doc.pdf", data))


def test_structure_walk_finds_javascript():
    reader = PdfReader(io.BytesIO(files.pdf_with_javascript()))
    assert uploads._has_active_content(reader)
    assert not uploads._has_active_content(PdfReader(io.BytesIO(files.pdf_bytes())))


def test_damaged_pdf_is_refused():
    assert "is damaged" in refused(upload("casse.pdf", b"%PDF-1.7\nnot really a pdf at all\n%%EOF"))


def test_truncated_image_is_refused():
    assert "is damaged" in refused(upload("photo.jpg", files.image_bytes("JPEG")[:60]))


def test_jpeg_metadata_is_stripped():
    original = files.image_bytes("JPEG", exif_gps=True)
    assert b"SecretCam" in original
    [checked] = uploads.validate_uploads([upload("photo.jpg", original)])
    assert b"SecretCam" not in checked.data
    with Image.open(io.BytesIO(checked.data)) as image:
        assert not image.getexif()
        assert image.size == (64, 48)


def test_decompression_bomb_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 1000)
    message = refused(upload("bombe.png", files.image_bytes("PNG", size=(100, 100))))
    assert "megapixels" in message


def test_every_refused_file_is_named():
    message = refused(upload("a.svg", files.SVG), upload("b.pdf", files.pdf_bytes()), upload("c.html", files.HTML))
    assert "“a.svg”" in message and "“c.html”" in message and "“b.pdf”" not in message


def test_scanner_hook_refuses_infected_files(settings):
    settings.CLAIMS_VIRUS_SCANNER = "tests.portal.claims.test_uploads.eicar_scanner"
    assert "contains a virus" in refused(upload("eicar.pdf", files.pdf_bytes() + b"EICAR"))
    assert uploads.validate_uploads([upload("ok.pdf", files.pdf_bytes())])


def test_unreachable_clamav_fails_closed(settings, tmp_path):
    settings.CLAIMS_VIRUS_SCANNER = "clamav"
    settings.CLAIMS_CLAMAV_ADDRESS = f"unix://{tmp_path}/no-clamd.sock"
    assert "could not be checked for viruses" in refused(upload("ok.pdf", files.pdf_bytes()))


def eicar_scanner(data):
    """A scan hook as a deployment would plug one (CLAIMS_VIRUS_SCANNER = dotted path)."""
    return virus_scan.Verdict(infected=True, signature="Test") if data.endswith(b"EICAR") else virus_scan.CLEAN
