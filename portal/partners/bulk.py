"""Retirement dossiers prepared in bulk: a CSV (one line per civil servant) and a zip of their documents.

An HR service with hundreds of retirements a year exports them from its own system rather than typing
each one. The upload is all or nothing, like the core system's import (``portal.importing``): every line
is checked first (the procedure's own step forms, so that the field rules have one home: Arabic-Indic
digits, dd/mm/yyyy and ISO dates, amounts as people write them; the civil servant in the officer's
scope; each named file in the zip and passing ``portal.files.uploads``' checks) and any bad line gives
a report by line and writes nothing. A good file makes one draft per line through the dossier services
(``portal.partners.dossiers``: the audit rows and the rules are theirs) in one transaction; the files
written are removed if it rolls back.

Uploading the same file again changes nothing: each line is keyed (``RetirementDossier.source_key``) by
a hash of its values and of its files' bytes; a line whose dossier carries the same key is "unchanged".
A civil servant whose dossier is already in progress under another key is a bad line: the HR service
corrects that dossier in its page, the upload never overwrites it.

The zip is never extracted to disk: entries are read in memory, one at a time, within caps on their
number, their declared and actual sizes (a zip bomb declares little and inflates a lot) and their names
(no absolute path, no "..": a name is only a key to look a file up).
"""

import contextlib
import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from portal import audit, digits
from portal.casework.choices import FINAL
from portal.casework.procedures.employer_dossier import DecisionForm, PositionForm, ServiceForm
from portal.files import uploads
from portal.models import MemberStatus
from portal.partners import dossiers
from portal.partners.choices import AuditAction
from portal.partners.models import RetirementDossier
from portal.proxies.choices import Via

MAX_CSV_BYTES = 1024 * 1024
# Each line's files are checked (a PDF in a child process) while the officer waits: a hundred
# lines is a few minutes' work for the server at most; a bigger year is sent in several files.
MAX_ROWS = 100
MAX_ZIP_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 2 * MAX_ROWS + 50
# The checked files are held in memory until they are written: 200 MB inflated at most, whatever the
# entries declare (a scan is 1 MB or so: two documents for each of a hundred lines fit).
MAX_ZIP_TOTAL = 200 * 1024 * 1024

COLUMNS = (
    "affiliation_number",
    "grade",
    "last_salary",
    "decision_number",
    "decision_date",
    "leaving_date",
    "service_confirmed",
    "service_remarks",
    "leaving_decision",
    "service_certificate",
)
DOCUMENT_COLUMNS = ("leaving_decision", "service_certificate")  # the procedure's checklist keys
STEPS = (
    ("service", ServiceForm, ("service_confirmed", "service_remarks")),
    ("position", PositionForm, ("grade", "last_salary")),
    ("decision", DecisionForm, ("decision_number", "decision_date", "leaving_date")),
)
YES = {"yes", "y", "oui", "o", "1", "true", "vrai", "x", "نعم"}
NO = {"", "no", "n", "non", "0", "false", "faux", "لا"}


class Refused(Exception):
    """The whole upload is refused (unreadable CSV, unsafe zip…): the message says why."""


@dataclass
class Line:
    """One good line, ready to be written."""

    number: int
    member: object
    answers: dict  # step -> cleaned data
    documents: list  # [(checklist key, CheckedFile)]
    key: str
    dossier: object = None  # the dossier made (or found unchanged)


@dataclass
class Report:
    errors: list = field(default_factory=list)  # (line number, message)
    created: list = field(default_factory=list)  # Lines with their new dossier
    unchanged: list = field(default_factory=list)  # Lines whose dossier has the same key
    rows: int = 0

    @property
    def written(self):
        return not self.errors and bool(self.created)

    def add(self, line, message):
        self.errors.append((line, message))


# Reading the CSV ---------------------------------------------------------------------------------


def read_csv(data):
    """The CSV's lines as [(line number, {column: value})]; ``Refused`` when it cannot be read."""
    if len(data) > MAX_CSV_BYTES:
        raise Refused(
            _("The CSV file is too large (at most %(size)s). Send the dossiers in several files.")
            % {"size": filesizeformat(MAX_CSV_BYTES)}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(
            _("The CSV file is not in UTF-8. In your spreadsheet, save it as “CSV UTF-8” and send it again.")
        ) from None
    if "\x00" in text:
        raise Refused(_("This is not a CSV file."))
    first = text.split("\n", 1)[0]
    # Spreadsheets in French write ";" (the comma is the decimal sign); others write ",".
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            raise Refused(_("The CSV file is empty."))
        names = [name.strip().lower() for name in header]
        missing = [name for name in COLUMNS if name not in names]
        if missing:
            raise Refused(
                _("Line 1: these columns are missing: %(columns)s. The first line must name the columns.")
                % {"columns": ", ".join(missing)}
            )
        rows = []
        for values in reader:
            if not any(value.strip() for value in values):
                continue  # blank lines at the end of a spreadsheet export
            if len(rows) >= MAX_ROWS:
                raise Refused(
                    _("The file has more than %(max)s civil servants. Send them in several files.") % {"max": MAX_ROWS}
                )
            padded = values + [""] * (len(names) - len(values))
            rows.append((reader.line_num, dict(zip(names, (value.strip() for value in padded), strict=False))))
    except csv.Error:
        raise Refused(_("The CSV file could not be read (line %(line)s).") % {"line": reader.line_num}) from None
    if not rows:
        raise Refused(_("The CSV file has no civil servant in it."))
    return rows


# Reading the zip ---------------------------------------------------------------------------------


def _unsafe(name):
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":")


class TooLarge(Exception):
    """One file of the zip is larger than a document may be (refused on its line)."""


class Archive:
    """The zip's files by name (and by bare file name when it is unique), read on demand within the caps."""

    def __init__(self, upload):
        self.entries = {}
        self.read_total = 0
        if upload is None:
            self.zip = None
            return
        if upload.size > MAX_ZIP_BYTES:
            raise Refused(_("The zip file is too large (at most %(size)s).") % {"size": filesizeformat(MAX_ZIP_BYTES)})
        try:
            self.zip = zipfile.ZipFile(upload)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise Refused(_("The documents file is not a valid zip file.")) from None
        if len(infos) > MAX_ZIP_ENTRIES:
            raise Refused(_("The zip file holds too many files (at most %(max)s).") % {"max": MAX_ZIP_ENTRIES})
        if sum(info.file_size for info in infos) > MAX_ZIP_TOTAL:
            raise Refused(_("The zip file is too large once uncompressed."))
        bare = {}
        for info in infos:
            if _unsafe(info.filename):
                raise Refused(
                    _("The zip file holds a file with an unsafe name (“%(name)s”): it was refused.")
                    % {"name": uploads.display_name(info.filename)}
                )
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                raise Refused(_("The zip file is protected by a password: send it without one."))
            self.entries[info.filename] = info
            bare.setdefault(info.filename.rsplit("/", 1)[-1], []).append(info)
        for name, found in bare.items():
            if len(found) == 1:
                self.entries.setdefault(name, found[0])

    def read(self, name):
        """The bytes of ``name`` (None when absent); ``Refused`` when it inflates beyond the caps."""
        info = self.entries.get(name)
        if info is None:
            return None
        if info.file_size > uploads.MAX_FILE_SIZE:
            raise TooLarge
        try:
            with self.zip.open(info) as handle:
                # Read at most one byte more than allowed: what the entry declares is not trusted.
                data = handle.read(uploads.MAX_FILE_SIZE + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise Refused(_("“%(name)s” in the zip file is damaged.") % {"name": uploads.display_name(name)}) from None
        self.read_total += len(data)
        if self.read_total > MAX_ZIP_TOTAL:
            raise Refused(_("The zip file is too large once uncompressed."))
        return data


# Checking the lines ------------------------------------------------------------------------------


def _yes_no(value):
    value = value.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    return None


def _form_errors(number, form, columns, report):
    for name in columns:
        for message in form.errors.get(name, []):
            report.add(number, f"{name}: {message}")
    for message in form.non_field_errors():
        report.add(number, message)


def line_key(values, files):
    """The line's identity: its values and its files' bytes (the same line sent again has the same key)."""
    digest = hashlib.sha256(json.dumps([values.get(name, "") for name in COLUMNS], ensure_ascii=False).encode())
    for data in files:
        digest.update(hashlib.sha256(data or b"").digest())
    return digest.hexdigest()


def _member(scope, number, affiliation, report, seen):
    affiliation = digits.to_ascii(affiliation).replace(" ", "").upper()
    if not affiliation:
        report.add(number, _("affiliation_number: this column is required."))
        return None
    if affiliation in seen:
        report.add(number, _("This civil servant is already on line %(line)s.") % {"line": seen[affiliation]})
        return None
    seen[affiliation] = number
    member = scope.members().filter(affiliation_number=affiliation).first()
    if member is None:
        # The same words whether the number exists elsewhere or not: the upload must not tell.
        report.add(number, _("No civil servant with this number in your organisation."))
        return None
    if member.status != MemberStatus.CONTRIBUTING:
        report.add(number, _("This person is no longer in service: their retirement is already recorded."))
        return None
    return member


def _documents(number, values, archive, report, checked_cache):
    """The line's files, checked: [(checklist key, CheckedFile)] and their raw bytes for the key."""
    found, raw = [], []
    for column in DOCUMENT_COLUMNS:
        name = values.get(column, "")
        if not name:
            raw.append(b"")
            continue
        try:
            data = archive.read(name)
        except TooLarge:
            report.add(
                number,
                _("%(column)s: “%(name)s” is larger than %(size)s.")
                % {"column": column, "name": uploads.display_name(name), "size": filesizeformat(uploads.MAX_FILE_SIZE)},
            )
            continue
        if data is None:
            report.add(
                number,
                _("%(column)s: there is no file “%(name)s” in the zip file.")
                % {"column": column, "name": uploads.display_name(name)},
            )
            continue
        raw.append(data)
        if name not in checked_cache:
            try:
                checked_cache[name] = uploads.validate_uploads([ContentFile(data, name=uploads.display_name(name))])[0]
            except ValidationError as refusal:
                checked_cache[name] = refusal
        checked = checked_cache[name]
        if isinstance(checked, ValidationError):
            for message in checked.messages:
                report.add(number, f"{column}: {message}")
            continue
        found.append((column, checked))
    return found, raw


def check(*, scope, rows, archive):
    """Check every line; the Report's ``errors`` list what is wrong, its lines what to write."""
    report = Report(rows=len(rows))
    seen, checked_cache, lines = {}, {}, []
    for number, values in rows:
        errors_before = len(report.errors)
        member = _member(scope, number, values.get("affiliation_number", ""), report, seen)
        confirmed = _yes_no(values.get("service_confirmed", ""))
        if confirmed is None:
            report.add(number, _("service_confirmed: write “yes” or “no”."))
        answers = {}
        for step, form_class, columns in STEPS:
            data = {name: values.get(name, "") for name in columns}
            if step == "service":
                # An unreadable answer is reported once, above, not again as "required".
                data["service_confirmed"] = "" if confirmed is False else "on"
            form = form_class(data)
            if form.is_valid():
                answers[step] = form.cleaned_data
            else:
                _form_errors(number, form, columns, report)
        documents, raw = _documents(number, values, archive, report, checked_cache)
        if len(report.errors) > errors_before or member is None:
            continue
        line = Line(number=number, member=member, answers=answers, documents=documents, key=line_key(values, raw))
        same = RetirementDossier.objects.filter(member=member, source_key=line.key).select_related("case").first()
        current = same or _in_progress(member)
        if same is not None:
            line.dossier = same
            report.unchanged.append(line)
        elif current is not None:
            report.add(
                number,
                _(
                    "A dossier is already in progress for this civil servant (%(reference)s): "
                    "correct it in its page rather than in the file."
                )
                % {"reference": current.case.reference},
            )
        else:
            lines.append(line)
    return report, lines


def _in_progress(member):
    """The civil servant's dossier not decided yet (one at most: ``dossiers.start`` keeps it so)."""
    return (
        RetirementDossier.objects.filter(member=member).exclude(case__status__in=FINAL).select_related("case").first()
    )


# Writing -----------------------------------------------------------------------------------------


class Conflict(Exception):
    """A dossier appeared for one of the civil servants between the check and the writing."""

    def __init__(self, line):
        super().__init__(line)
        self.line = line


def write(*, scope, lines, report, actor, language, context=None):
    """One draft per line, all or none; the files written are removed if anything fails."""
    written = []
    try:
        with transaction.atomic():
            for line in lines:
                dossier, created = dossiers.start(
                    scope=scope,
                    member_pk=line.member.pk,
                    actor=actor,
                    language=language,
                    context=context,
                    source_key=line.key,
                )
                if not created:
                    raise Conflict(line)
                for step, data in line.answers.items():
                    dossier = dossiers.save_step(
                        scope=scope, dossier=dossier, step=step, cleaned_data=data, actor=actor, context=context
                    )
                if line.documents:
                    stored = dossiers.add_documents(
                        scope=scope,
                        dossier=dossier,
                        uploads=[(key, [checked]) for key, checked in line.documents],
                        actor=actor,
                        context=context,
                    )
                    written += [(document.file.storage, document.file.name) for document in stored]
                line.dossier = dossier
                report.created.append(line)
            _uploaded(scope=scope, report=report, actor=actor, context=context)
    except BaseException:
        report.created = []
        for storage, name in written:
            with contextlib.suppress(OSError):
                storage.delete(name)
        raise
    return report


def _uploaded(*, scope, report, actor, context):
    base = context or audit.AuditContext.none()
    audit.log(
        AuditAction.UPLOADED,
        actor=actor,
        context=audit.AuditContext(ip_address=base.ip_address, path=base.path, via=Via.EMPLOYER),
        member=None,
        target=scope.organisation.core_id,
        details={"rows": report.rows, "created": len(report.created), "unchanged": len(report.unchanged)},
    )


def upload(*, scope, csv_data, zip_file, actor, language, context=None):
    """Check the upload and, if every line is good, write it: the Report says what happened."""
    if not scope.may_prepare:
        raise dossiers.NotAllowed(_("Your role does not let you prepare dossiers."))
    rows = read_csv(csv_data)
    archive = Archive(zip_file)
    report, lines = check(scope=scope, rows=rows, archive=archive)
    if report.errors:
        return report
    try:
        return write(scope=scope, lines=lines, report=report, actor=actor, language=language, context=context)
    except Conflict as conflict:
        report.add(conflict.line.number, _("A dossier was started for this civil servant meanwhile: check it."))
        return report
    except dossiers.NotAllowed as refusal:
        report.add(0, str(refusal))
        return report
