"""Judging an uploaded PDF in a child process with a memory, CPU and time budget.

Why a child process, and not only counters inside the web worker: a PDF is a
program for a parser. A 533 KB file holding eight object streams that each
inflate to 70 MB (just under pypdf's own per-stream limit of 75 MB) raised a
worker's peak memory from 146 to 761 MB, kept it busy for minutes and was
accepted (tests/security/test_upload_corpus.py builds it). pypdf's per-stream
limits say nothing about the number of streams, nor about the Python objects a
parser builds from a few megabytes (a cross-reference stream of 8 MB becomes a
million tuples); a budget counted by our own code covers only the shapes we
thought of. An address-space limit (``RLIMIT_AS``) and a CPU limit
(``RLIMIT_CPU``) on a separate process cover every shape, including the next
pypdf bug, and a process that ends gives its memory back at once, which a
Python worker does not reliably do. The cost is one interpreter start per PDF
(about 0.2 s), small next to an upload.

So ``inspect(data)`` runs this very file as a script in a fresh interpreter
(``python -I``: no environment variables, no user site, nothing of the portal
imported; only the standard library and pypdf), sends the bytes on stdin and
reads the verdict on stdout. The child sets its own limits first, before it
reads a byte: limits set by the parent between fork and exec (``preexec_fn``)
are not safe in a threaded gunicorn worker. Inside the child, a cheaper budget
refuses the common bombs early, with a reason for the log: every stream pypdf
decodes is capped at ``MAX_DECODED_BYTES``, and all the object streams
together must fit in the same ``MAX_DECODED_BYTES`` (a genuine scanned PDF
decodes to well under a megabyte of object streams: page, font and annotation
dictionaries; images and page contents are never decoded by this check). The
bomb above is now refused in under a second, the worker's peak unchanged, the
child's peak 55 MB (38 MB for a one-page letter).

A child that runs out of memory, of CPU time or of ``WALL_SECONDS``, or that
dies in any way, is a refusal ("damaged"), never a server error. A 2,000-page
text PDF takes 2.4 s of CPU on the 2-core test machine, under ``CPU_SECONDS``;
five attachments at ``WALL_SECONDS`` each stay under gunicorn's 30-second
timeout (docs/DEPLOYMENT.md).

Verdicts: ``clean``, ``active`` (scripts, embedded files, actions that open
other programs, files, network shares or web pages by themselves),
``encrypted``, ``damaged`` (unreadable, or over a budget), ``unavailable``
(the child could not be started: the upload is refused with "try again later").
"""

import io
import logging
import re
import subprocess
import sys
import warnings

logger = logging.getLogger(__name__)

CLEAN, ACTIVE, ENCRYPTED, DAMAGED, UNAVAILABLE = "clean", "active", "encrypted", "damaged", "unavailable"
VERDICTS = (CLEAN, ACTIVE, ENCRYPTED, DAMAGED)

# The child's address space: the interpreter with pypdf takes about 55 MB, the
# file at most 10 MB (twice: bytes and stream), the decoded streams at most
# MAX_DECODED_BYTES (plus the one being decoded), the parsed objects the rest.
MEMORY_BYTES = 256 * 1024 * 1024
MAX_DECODED_BYTES = 8 * 1024 * 1024
CPU_SECONDS = 4
WALL_SECONDS = 5
# A pathological PDF can hold millions of tiny objects; no genuine letter does.
MAX_OBJECTS = 100_000

# Names that make a reader run code, open another program, file or network
# share, play media or act by itself: refused wherever they appear, as a key
# or as an action or annotation type (/S, /Subtype, /Type).
FORBIDDEN_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/ImportData",
        "/SubmitForm",
        "/GoToE",
        "/GoToR",  # a file on another machine: Windows readers send the user's credentials to the share
        "/Thread",
        "/Sound",
        "/Movie",
        "/Rendition",
        "/AA",  # additional actions: run on page open/close, focus, keystrokes...
        "/XFA",
    }
)
_TYPE_KEYS = ("/S", "/Subtype", "/Type")
# Acceptable in a link the reader clicks, not in what the document does by itself when opened.
FORBIDDEN_ON_OPEN = frozenset({"/URI"})

_PDF_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM_BODY = re.compile(rb"(?<!end)stream\r?\n.*?endstream", re.DOTALL)
_OBJECT_HEADER = re.compile(rb"\d+\s+\d+\s+obj\b")

# pypdf's per-stream output limits (pypdf.Configuration), all set to our budget.
_PYPDF_STREAM_LIMITS = (
    "array_based_stream_maximum_output_length",
    "brotli_maximum_output_length",
    "image_maximum_buffer_size",
    "jbig2_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "stream_decoding_work_maximum_length",
    "xfa_decoding_work_maximum_length",
    "zlib_maximum_output_length",
)


class OverBudget(Exception):
    """The document needs more decoding than any genuine attachment does."""


def inspect(data):
    """The verdict on ``data`` (the bytes of a file that starts like a PDF), judged in a child process."""
    try:
        child = subprocess.run(  # noqa: S603 - our own script; the document goes to stdin, never to the command line
            [sys.executable, "-I", __file__, str(MEMORY_BYTES), str(CPU_SECONDS), str(MAX_DECODED_BYTES)],
            input=data,
            capture_output=True,
            timeout=WALL_SECONDS,
            env={},
            check=False,
        )
    except subprocess.TimeoutExpired:
        logger.info("Attachment refused: the PDF check took more than %d s", WALL_SECONDS)
        return DAMAGED
    except OSError:
        logger.exception("The PDF check could not be started")
        return UNAVAILABLE
    verdict, _space, reason = child.stdout.decode("ascii", "replace").strip().partition(" ")
    if child.returncode != 0 or verdict not in VERDICTS:
        # Killed by RLIMIT_CPU (SIGXCPU), or out of memory at a place that could not even report it.
        logger.info("Attachment refused: the PDF check ended with status %d", child.returncode)
        return DAMAGED
    if reason:
        logger.info("Attachment refused: unreadable PDF (%s)", reason)
    return verdict


def judge(data, max_decoded_bytes=MAX_DECODED_BYTES):
    """The verdict, and why a document is unreadable (an exception's class name, or "").

    Computed in this process: this is the child's work; call ``inspect`` instead.
    """
    # Raw scan: viewers rebuild a damaged cross-reference table and would run
    # what a strict parser never reaches, so look at every name in the bytes...
    if not FORBIDDEN_NAMES.isdisjoint(raw_names(data)):
        return ACTIVE, ""
    # ...and walk the parsed structure, which sees inside compressed object streams.
    from pypdf import PdfReader, apply_configuration

    try:
        with warnings.catch_warnings(), apply_configuration(**dict.fromkeys(_PYPDF_STREAM_LIMITS, max_decoded_bytes)):
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                return ENCRYPTED, ""
            _decode_object_streams(reader, max_decoded_bytes)
            if len(reader.pages) == 0:
                return DAMAGED, "no page"
            return (ACTIVE if has_active_content(reader) else CLEAN), ""
    except Exception as error:  # any failure to read the document is a refusal, never a 500
        # The class only: pypdf's messages can quote bytes of the member's document.
        return DAMAGED, type(error).__name__


def raw_names(data):
    """Every name token in the raw bytes, #xx escapes decoded (/J#61vaScript is /JavaScript).

    Stream bodies are skipped unless they hold an object header ("12 0 obj"), which
    a repairing viewer could find there: compressed data is random bytes, where
    "/JS" or "/AA" followed by a delimiter turns up about once in 200 MB, so
    scanning it would refuse one genuine 10 MB scan in ten.
    """
    text = _STREAM_BODY.sub(lambda body: body.group(0) if _OBJECT_HEADER.search(body.group(0)) else b" ", data)
    for match in _PDF_NAME.finditer(text):
        raw = _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(0))
        yield raw.decode("latin-1")


def _decode_object_streams(reader, max_decoded_bytes):
    """Decode every object stream once, within one budget for all of them.

    pypdf keeps each decoded stream (``decoded_self``), so the walk that follows
    reuses these bytes instead of decoding again; the budget bounds what is held.
    """
    from pypdf.generic import IndirectObject, StreamObject

    total = 0
    for number in sorted({stream for stream, _index in reader.xref_objStm.values()}):
        stream = IndirectObject(number, 0, reader).get_object()
        if not isinstance(stream, StreamObject):
            continue  # a dangling entry: pypdf treats its objects as missing, so do we
        total += len(stream.get_data())
        if total > max_decoded_bytes:
            raise OverBudget(f"object streams decode to more than {max_decoded_bytes} bytes")


def has_active_content(reader):
    """Walk every object reachable from the trailer, looking for forbidden keys or action types."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    seen, stack, visited = set(), [(reader.trailer, False)], 0
    while stack:
        obj, on_open = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation, on_open)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        visited += 1
        if visited > MAX_OBJECTS:
            raise OverBudget("too many objects")
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                if key in FORBIDDEN_NAMES:
                    return True
                if (
                    key in _TYPE_KEYS
                    and isinstance(value, NameObject)
                    and (value in FORBIDDEN_NAMES or (on_open and value in FORBIDDEN_ON_OPEN))
                ):
                    return True
                # What /OpenAction starts, and the /Next actions chained to it, run without a
                # click; a destination's page (and the links on it) does not.
                stack.append((value, key == "/OpenAction" or (on_open and key == "/Next")))
        elif isinstance(obj, ArrayObject):
            stack.extend((item, on_open) for item in obj)
    return False


def _limit_this_process(memory_bytes, cpu_seconds):
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # writes no file


def main():
    # The limits come from the parent's constants, so that they have one home (and tests can lower them).
    memory_bytes, cpu_seconds, max_decoded_bytes = (int(argument) for argument in sys.argv[1:4])
    _limit_this_process(memory_bytes, cpu_seconds)
    logging.disable(logging.CRITICAL)  # the parent logs; nothing of the document leaves on stderr
    data = sys.stdin.buffer.read()
    sys.stdout.write(" ".join(judge(data, max_decoded_bytes)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
