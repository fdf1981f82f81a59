"""Upload checks on real files: by content, never by name; polyglots, active PDFs and bombs refused."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from portal.files import pdf_inspection, uploads, virus_scan
from tests.portal import sample_files as files
from tests.security import hostile_files


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
    assert pdf_inspection.has_active_content(reader)
    assert not pdf_inspection.has_active_content(PdfReader(io.BytesIO(files.pdf_bytes())))


def test_a_link_to_a_web_page_is_accepted_but_not_a_page_opened_by_itself():
    # A letter with a clickable address is ordinary, also on the page the document opens at...
    link = b"/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (https://www.cmr.example/) >> >>]"
    letter = hostile_files.pdf(b"/OpenAction [3 0 R /Fit]", extra_page=link)
    assert uploads.validate_uploads([upload("lettre.pdf", letter)])
    # ...a PDF that opens a web page when it is opened is not.
    opener = hostile_files.pdf(b"/OpenAction << /S /URI /URI (https://www.cmr.example/) >>")
    assert "is a PDF with scripts" in refused(upload("lettre.pdf", opener))


def test_binary_data_that_looks_like_a_forbidden_name_is_not_refused():
    # Compressed image data is random bytes, where "/JS " or "/AA>" turns up once in ~200 MB:
    # a stream body is not scanned for names (the structure walk still sees the stream's dictionary).
    data = files.pdf_with_image(files.jpeg_with_segments(comment=b"\x93/JS \x10/AA>\xff"))
    assert b"/JS " in data and b"/AA>" in data
    assert uploads.validate_uploads([upload("scan.pdf", data)])


def test_damaged_pdf_is_refused():
    assert "is damaged" in refused(upload("casse.pdf", b"%PDF-1.7\nnot really a pdf at all\n%%EOF"))


def test_a_genuine_pdf_with_object_streams_is_accepted():
    # The budget refuses bombs, not the compressed object streams every modern PDF writer produces.
    assert uploads.validate_uploads([upload("releve.pdf", hostile_files.object_stream_pdf(streams=3))])


@pytest.mark.parametrize(
    "data",
    [hostile_files.object_stream_pdf(streams=2, decoded_size=pdf_inspection.MAX_DECODED_BYTES // 2 + 1)],
    ids=["two-streams-over-the-total-budget"],
)
def test_object_streams_beyond_the_decoded_budget_are_refused(data):
    assert "is damaged" in refused(upload("releve.pdf", data))


def test_a_pdf_library_error_of_any_kind_is_a_damaged_file():
    # pypdf's LimitReachedError is no PdfReadError: it once escaped as a server error.
    assert "is damaged" in refused(upload("releve.pdf", hostile_files.pdf_beyond_library_limit()))


# The child's limits are the last line, whatever pypdf does: each test lifts the decoding budget
# that would refuse the file first, and lowers the limit under test.
SLOW_TO_PARSE = hostile_files.object_stream_pdf(streams=1, decoded_size=30_000_000)  # ~10 s of whitespace


def test_the_pdf_check_is_stopped_at_its_cpu_limit(monkeypatch):
    monkeypatch.setattr(pdf_inspection, "MAX_DECODED_BYTES", 64 * 1024 * 1024)
    monkeypatch.setattr(pdf_inspection, "CPU_SECONDS", 1)
    assert pdf_inspection.inspect(SLOW_TO_PARSE) == pdf_inspection.DAMAGED


def test_the_pdf_check_is_stopped_at_its_wall_clock_limit(monkeypatch):
    monkeypatch.setattr(pdf_inspection, "MAX_DECODED_BYTES", 64 * 1024 * 1024)
    monkeypatch.setattr(pdf_inspection, "CPU_SECONDS", 60)
    monkeypatch.setattr(pdf_inspection, "WALL_SECONDS", 1)
    assert pdf_inspection.inspect(SLOW_TO_PARSE) == pdf_inspection.DAMAGED


def test_the_pdf_check_is_stopped_at_its_memory_limit(monkeypatch):
    monkeypatch.setattr(pdf_inspection, "MAX_DECODED_BYTES", 512 * 1024 * 1024)
    monkeypatch.setattr(pdf_inspection, "MEMORY_BYTES", 160 * 1024 * 1024)
    assert pdf_inspection.inspect(hostile_files.pdf_bomb()) == pdf_inspection.DAMAGED


def test_a_pdf_check_that_cannot_start_asks_to_try_again(monkeypatch):
    monkeypatch.setattr(pdf_inspection.sys, "executable", "/nonexistent/python")
    assert "could not be checked just now" in refused(upload("ok.pdf", files.pdf_bytes()))


def test_truncated_image_is_refused():
    assert "is damaged" in refused(upload("photo.jpg", files.image_bytes("JPEG")[:60]))


def test_jpeg_comments_and_application_segments_are_stripped():
    original = files.jpeg_with_segments(comment=b"COMMENT-MARKER-7731", app13=b"Photoshop 3.0\x00IPTC-MARKER-7731")
    assert files.jpeg_segments(original) == ["APP0", "APP2", "APP13", "COM"]
    [checked] = uploads.validate_uploads([upload("photo.jpg", original)])
    assert b"MARKER-7731" not in checked.data
    # Only what the encoder writes: the JFIF header (APP0), no ICC profile, no comment.
    assert files.jpeg_segments(checked.data) == ["APP0"]


def test_png_text_and_colour_profile_chunks_are_stripped():
    original = files.png_with_chunks(text=b"Comment\x00PNG-MARKER-7731")
    [checked] = uploads.validate_uploads([upload("capture.png", original)])
    assert b"PNG-MARKER-7731" not in checked.data
    assert set(files.png_chunks(checked.data)) <= {"IHDR", "PLTE", "tRNS", "IDAT", "IEND"}


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
