"""The virus-scan hook for attachments (claims, procedures).

``settings.CLAIMS_VIRUS_SCANNER`` chooses the scanner:
- ``"none"`` (default): no scan (the type, polyglot and PDF checks still apply);
- ``"clamav"``: a ClamAV daemon at ``settings.CLAIMS_CLAMAV_ADDRESS``
  (``unix:///run/clamav/clamd.ctl`` or ``tcp://host:3310``), spoken to with its
  INSTREAM command, so the file never touches a disk before it is judged;
- a dotted path to a callable ``scan(data: bytes) -> Verdict`` for anything else.

A scanner that cannot be reached fails closed: the file is refused with an
"try again later" message rather than stored unchecked.
"""

import logging
import socket
import struct
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Verdict:
    infected: bool = False
    signature: str = ""
    unavailable: bool = False


CLEAN = Verdict()


def scan(data):
    scanner = settings.CLAIMS_VIRUS_SCANNER or "none"
    if scanner == "none":
        return CLEAN
    if scanner == "clamav":
        return clamav_scan(data)
    return import_string(scanner)(data)


def _connect(address, timeout):
    parts = urlsplit(address)
    if parts.scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(parts.path)
        return sock
    if parts.scheme == "tcp":
        return socket.create_connection((parts.hostname, parts.port or 3310), timeout=timeout)
    raise ValueError(f"CLAIMS_CLAMAV_ADDRESS must start with unix:// or tcp://, not {address!r}")


def clamav_scan(data):
    """ClamAV's INSTREAM: length-prefixed chunks, a zero length, then one reply line."""
    address = settings.CLAIMS_CLAMAV_ADDRESS
    try:
        with _connect(address, settings.CLAIMS_CLAMAV_TIMEOUT) as sock:
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), _CHUNK):
                chunk = data[start : start + _CHUNK]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
    except OSError:
        logger.exception("ClamAV at %s could not be reached; the attachment is refused", address)
        return Verdict(unavailable=True)
    text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    # "stream: OK", "stream: Eicar-Test-Signature FOUND", or "... ERROR" (e.g. size limit).
    if text.endswith(" OK"):
        return CLEAN
    if text.endswith(" FOUND"):
        return Verdict(infected=True, signature=text.removeprefix("stream:").removesuffix("FOUND").strip())
    logger.error("ClamAV answered %r; the attachment is refused", text)
    return Verdict(unavailable=True)
