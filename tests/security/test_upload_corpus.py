"""Hostile uploads against the real claim-filing page and API, as an enrolled member.

Every file of the corpus (tests/security/hostile_files.py) is refused with a
clear message, without a server error, and leaves nothing behind: no claim
row, no file under PRIVATE_MEDIA_ROOT. Files that are valid but carry a
hostile name are neutralised (stored under a generated name, the name shown
cleaned) and served back as downloads only.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.claims.models import Claim, ClaimAttachment
from tests.portal import sample_files as files
from tests.security import hostile_files, world

pytestmark = pytest.mark.django_db

CASES = hostile_files.corpus()
FORM, API = "/fr/portal/claims/new/", "/api/portal/claims/"


@pytest.fixture
def member_client(client, settings):
    # One member sends the whole corpus: the write budget (config/throttle.py, tested on its own) is lifted.
    settings.MEMBER_WRITES_PER_MINUTE = settings.MEMBER_WRITES_PER_HOUR = 0
    user = world.make_user("uploader@example.org")
    member = world._member(
        user, last_name="Alaoui", affiliation="AFF-U-1", national_id="UU100001", rib="0" * 24, core_id="CORE-U"
    )
    client.force_login(user)
    client.member = member
    return client


def _claim_data(files):
    return {"category": "payments", "subject": "Pension", "description": "Voir la pièce jointe.", "attachments": files}


def _stored_files():
    root = settings.PRIVATE_MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _flatten(errors):
    # DRF reports a list field's errors per item: {"0": ["..."]}.
    if isinstance(errors, dict):
        return [message for value in errors.values() for message in _flatten(value)]
    if isinstance(errors, list):
        return [message for value in errors for message in _flatten(value)]
    return [str(errors)]


def _refusal_messages(response, endpoint):
    if endpoint == FORM:
        return [str(message) for message in response.context["form"].errors.get("attachments", [])]
    return _flatten(response.json().get("attachments", []))


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40
    assert len({case for case, _name, _data in CASES}) == len(CASES)


@pytest.mark.parametrize("endpoint", [FORM, API])
def test_every_hostile_file_is_refused_and_nothing_is_stored(member_client, endpoint):
    problems = []
    for case, name, data in CASES:
        upload = SimpleUploadedFile(name, data, content_type="application/pdf")
        response = member_client.post(endpoint, _claim_data([upload]))
        if response.status_code != 400:
            problems.append(f"{case}: status {response.status_code}")
            continue
        messages = _refusal_messages(response, endpoint)
        if not messages or any(len(message) < 20 for message in messages):
            problems.append(f"{case}: no clear message ({messages})")
    assert problems == []
    assert Claim.objects.filter(member=member_client.member).count() == 0
    assert ClaimAttachment.objects.count() == 0
    assert _stored_files() == []
    print(f"\nupload corpus: {len(CASES)} hostile files refused by {endpoint}")


@pytest.mark.parametrize("endpoint", [FORM, API])
def test_too_many_files_are_refused_together(member_client, endpoint):
    files = [SimpleUploadedFile(f"p{n}.png", hostile_files.png(), content_type="image/png") for n in range(6)]
    response = member_client.post(endpoint, _claim_data(files))
    assert response.status_code == 400
    assert any("5" in message for message in _refusal_messages(response, endpoint))
    assert Claim.objects.count() == 0 and _stored_files() == []


def _photo_with_gps():
    image = Image.new("RGB", (40, 30), (1, 2, 3))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker-Secret-Serial"  # Make
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


NEUTRALISED = [
    ("path-traversal-name", "../../../../etc/cron.d/evil.pdf", hostile_files.pdf(), "application/pdf"),
    ("windows-traversal-name", "..\\..\\Windows\\evil.pdf", hostile_files.pdf(), "application/pdf"),
    ("null-byte-name", "photo.php\x00.png", hostile_files.png(), "image/png"),
    ("right-to-left-override-name", "facture\u202efdp.exe.pdf", hostile_files.pdf(), "application/pdf"),
    ("html-name", "<img src=x onerror=alert(1)>.png", hostile_files.png(), "image/png"),
    ("wrong-extension-real-pdf", "releve.png", hostile_files.pdf(), "application/pdf"),
    ("photo-with-hidden-metadata", "photo.jpg", _photo_with_gps(), "image/jpeg"),
    (
        "photo-with-comment-and-app-segments",
        "photo.jpg",
        files.jpeg_with_segments(comment=b"CameraMaker-Secret-Serial", app13=b"CameraMaker-Secret-Serial"),
        "image/jpeg",
    ),
    (
        "png-with-text-and-profile",
        "capture.png",
        files.png_with_chunks(b"Comment\x00CameraMaker-Secret-Serial"),
        "image/png",
    ),
]


@pytest.mark.parametrize(("case", "name", "data", "real_type"), NEUTRALISED, ids=[c[0] for c in NEUTRALISED])
def test_a_hostile_name_or_hidden_data_is_neutralised_and_served_as_a_download(
    member_client, case, name, data, real_type
):
    response = member_client.post(API, _claim_data([SimpleUploadedFile(name, data, content_type="text/html")]))
    assert response.status_code == 201, response.content
    attachment = ClaimAttachment.objects.get()
    # Stored under a generated name, inside the private root, with the type found in the content.
    stored = (settings.PRIVATE_MEDIA_ROOT / attachment.file.name).resolve()
    assert stored.is_relative_to(settings.PRIVATE_MEDIA_ROOT.resolve())
    assert ".." not in attachment.file.name and "\x00" not in attachment.file.name
    assert attachment.content_type == real_type
    for bad in ("/", "\\", "\x00", "\u202e"):
        assert bad not in attachment.original_name
    stored_bytes = stored.read_bytes()
    assert b"CameraMaker-Secret-Serial" not in stored_bytes and b"ICC-PROFILE-MARKER" not in stored_bytes
    if real_type == "image/jpeg":
        assert files.jpeg_segments(stored_bytes) == ["APP0"]  # the JFIF header the encoder writes, nothing else
    # Served back: a download, never rendered, never sniffed.
    claim = attachment.claim
    for url in (
        f"/fr/portal/claims/{claim.reference}/attachments/{attachment.pk}/",
        f"/api/portal/claims/{claim.reference}/attachments/{attachment.pk}/",
    ):
        served = member_client.get(url)
        assert served.status_code == 200, url
        assert served["Content-Disposition"].startswith("attachment"), url
        assert served["X-Content-Type-Options"] == "nosniff"
        assert served["Content-Type"] == real_type
        # The name cannot break out of the header (quotes, line breaks) nor reverse its extension.
        disposition = served["Content-Disposition"]
        assert "\n" not in disposition and "\r" not in disposition and "\u202e" not in disposition
        assert disposition.count('"') in (0, 2)


# A process that checks the PDF bomb the way a web worker does (validate_uploads), and reports
# its own peak memory (kilobytes, from getrusage) before and after. The checking child's own
# peak is bounded by its address-space limit (tests/portal/claims/test_uploads.py); getrusage
# cannot tell it apart from the parent's pages it shared before exec.
_MEASURE = """
import json, resource, sys
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from portal.files import uploads
translation.activate("en")
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    uploads.validate_uploads([SimpleUploadedFile("bombe.pdf", data)])
    message = ""
except ValidationError as error:
    message = " ".join(error.messages)
print(json.dumps({
    "message": message,
    "worker_before_kb": before,
    "worker_after_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}))
"""


def test_the_pdf_bomb_is_refused_without_the_worker_growing(tmp_path):
    """Security review, item 2: 8 object streams of 70 MB in 540 KB once grew a worker by ~570 MB.

    Before the fix the same measurement gave: accepted, the worker's peak from 146 to 761 MB, 200 s
    (on 2 busy cores); after: refused in under a second, the worker's peak unchanged.
    """
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(hostile_files.pdf_bomb())
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(bomb)],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert "is damaged or not a real document" in figures["message"]
    growth_mb = (figures["worker_after_kb"] - figures["worker_before_kb"]) / 1024
    print(f"\nPDF bomb ({bomb.stat().st_size // 1024} KB): the worker's peak memory grew by {growth_mb:.0f} MB")
    assert growth_mb < 20  # the file itself, twice at most
