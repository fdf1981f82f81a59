"""The ClamAV scanner against a real clamd (Debian package clamav-daemon), with a local test signature.

The daemon is started for this module with a one-signature database: no
network, no freshclam. Skipped locally without clamd, a failure in CI.
"""

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.files import uploads, virus_scan
from tests.conftest import require_service
from tests.portal import sample_files as files

# The EICAR test string: harmless, recognised by every antivirus as a test.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@pytest.fixture(scope="module")
def clamd_socket():
    clamd = shutil.which("clamd") or ("/usr/sbin/clamd" if Path("/usr/sbin/clamd").exists() else None)
    if clamd is None:
        require_service("clamd is not installed (Debian package clamav-daemon)")
    # A short path: Unix socket paths are limited to 108 bytes.
    workdir = Path(tempfile.mkdtemp(prefix="clamd-"))
    (workdir / "db").mkdir()
    (workdir / "db" / "portal-test.ndb").write_text(f"Portal.Test.EICAR:0:*:{EICAR.hex()}\n")
    socket_path = workdir / "clamd.sock"
    (workdir / "clamd.conf").write_text(
        f"LocalSocket {socket_path}\nDatabaseDirectory {workdir / 'db'}\nForeground yes\n"
        f"TemporaryDirectory {workdir}\nLogFile {workdir / 'clamd.log'}\n"
    )
    process = subprocess.Popen(
        [clamd, "-c", str(workdir / "clamd.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        for _ in range(300):
            if socket_path.exists() or process.poll() is not None:
                break
            time.sleep(0.1)
        if not socket_path.exists():
            require_service("clamd did not start")
        yield f"unix://{socket_path}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def clamav(settings, clamd_socket):
    settings.CLAIMS_VIRUS_SCANNER = "clamav"
    settings.CLAIMS_CLAMAV_ADDRESS = clamd_socket


def test_clean_file_passes(clamav):
    assert virus_scan.scan(files.pdf_bytes()) == virus_scan.CLEAN
    assert uploads.validate_uploads([SimpleUploadedFile("ok.pdf", files.pdf_bytes())])


def test_infected_file_is_refused(clamav):
    verdict = virus_scan.scan(files.pdf_bytes() + EICAR)
    assert verdict.infected and "EICAR" in verdict.signature
    with pytest.raises(uploads.ValidationError, match="contains a virus"):
        uploads.validate_uploads([SimpleUploadedFile("virus.pdf", files.pdf_bytes() + EICAR)])


def test_large_file_is_streamed_in_chunks(clamav):
    assert virus_scan.scan(b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024) + EICAR).infected
