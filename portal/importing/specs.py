"""What each export holds: its columns, how to check them, and how rows map to portal rows.

Rows are keyed by the core system's identifiers (``core_id``; for yearly totals, member and
year), so importing the same export twice, or a newer one, updates in place.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from portal import file_notifications
from portal.importing import fields as f
from portal.models import (
    CareerPeriod,
    ContributionYear,
    Dossier,
    DossierEvent,
    DossierKind,
    DossierStatus,
    Member,
    MemberStatus,
    PensionPayment,
)
from portal.partners.models import Organisation
from portal.regions import Region


@dataclass
class Parent:
    column: str  # the export column holding the parent's core id
    model: type
    attribute: str  # the foreign key field on the imported model, e.g. "member"


@dataclass
class Reference:
    """An optional column naming another row by its core id (empty: none), e.g. a member's employer."""

    column: str  # the export column, e.g. "employer_id"
    model: type
    attribute: str  # the foreign key field on the imported model, e.g. "employer"
    label: str  # what the row is, for the error message: "organisation"

    @property
    def attname(self):
        return f"{self.attribute}_id"


@dataclass
class Spec:
    name: str
    model: type
    columns: dict  # export column -> parser
    key: tuple = ("core_id",)
    parent: Parent | None = None
    references: tuple = ()  # Reference
    # Columns that must be unique across all rows of the table (besides the key).
    unique: tuple = ()
    touch: tuple = ()  # auto_now fields to refresh on update
    checks: list = field(default_factory=list)  # functions(values) -> error message or None
    # function([field values of the rows a batch created]) -> how many members were told, run in the batch's transaction
    on_created: object = None

    def clean(self, row):
        """(values, errors): values use model field names, with the parent's core id under the column."""
        values, errors = {}, []
        for column, parse in self.columns.items():
            try:
                values[column] = parse(row.get(column))
            except ValueError as error:
                errors.append(f"{column} {error}")
        if not errors:
            errors.extend(message for check in self.checks if (message := check(values)))
        return values, errors

    def plain_columns(self):
        """The columns stored as they are read (not the parent's or other rows' core ids)."""
        referring = {reference.column for reference in self.references}
        if self.parent:
            referring.add(self.parent.column)
        return [name for name in self.columns if name not in referring]


def _end_after_start(values):
    if values.get("end_date") and values["end_date"] < values["start_date"]:
        return "end_date is before start_date"


def _net_matches(values):
    # deductions() has already checked each amount and written it with two decimals.
    total = sum((Decimal(item["amount"]) for item in values["deductions"]), start=Decimal("0"))
    if values["gross"] - total != values["net"]:
        return f"net {values['net']} is not gross {values['gross']} minus deductions {total}"


def _pension_number_when_retired(values):
    if values["status"] in (MemberStatus.RETIRED, MemberStatus.SURVIVOR) and not values["pension_number"]:
        return "pension_number is required for a pensioner or a survivor"


MEMBERS = Spec(
    name="members",
    model=Member,
    columns={
        "core_id": f.text(40),
        "affiliation_number": f.text(30, upper=True),
        "pension_number": f.text(30, required=False, upper=True),
        "national_id": f.text(20, upper=True),
        "first_name": f.text(100),
        "last_name": f.text(100),
        "first_name_ar": f.text(100, required=False),
        "last_name_ar": f.text(100, required=False),
        "birth_date": f.date(),
        "affiliation_date": f.date(required=False),
        "status": f.choice(MemberStatus.values),
        "sex": f.sex,
        "email": f.email,
        "phone": f.text(20, required=False),
        "address_line": f.text(200, required=False),
        "postal_code": f.text(10, required=False),
        "city": f.text(100, required=False),
        "country": f.country,
        # Older exports lack the column: blank, as abroad.
        "region": f.choice(["", *Region.values]),
        "bank_rib": f.bank_rib,
        # The unit of the employing administration (its core id, from import_organisations); empty: none.
        # Older exports lack the column: their members have no employer, as with an empty value.
        "employer_id": f.text(40, required=False),
    },
    references=(Reference("employer_id", Organisation, "employer", "organisation"),),
    unique=("affiliation_number", "pension_number"),
    touch=("updated_at",),
    checks=[_pension_number_when_retired],
)

CAREERS = Spec(
    name="careers",
    model=CareerPeriod,
    columns={
        "core_id": f.text(40),
        "member_core_id": f.text(40),
        "administration": f.text(200),
        "grade": f.text(200, required=False),
        "start_date": f.date(),
        "end_date": f.date(required=False),
        "contribution_base": f.decimal(),
    },
    parent=Parent("member_core_id", Member, "member"),
    checks=[_end_after_start],
)

CONTRIBUTIONS = Spec(
    name="contributions",
    model=ContributionYear,
    columns={
        "member_core_id": f.text(40),
        "year": f.integer(1940, 2100),
        "contribution_base": f.decimal(),
        "employee_amount": f.decimal(),
        "employer_amount": f.decimal(),
    },
    key=("member", "year"),
    parent=Parent("member_core_id", Member, "member"),
)

PAYMENTS = Spec(
    name="payments",
    model=PensionPayment,
    columns={
        "core_id": f.text(40),
        "member_core_id": f.text(40),
        "period": f.month,
        "gross": f.decimal(),
        "deductions": f.deductions,
        "net": f.decimal(),
        "payment_date": f.date(),
    },
    parent=Parent("member_core_id", Member, "member"),
    checks=[_net_matches],
    on_created=file_notifications.payments_imported,
)

DOSSIERS = Spec(
    name="dossiers",
    model=Dossier,
    columns={
        "core_id": f.text(40),
        "member_core_id": f.text(40),
        "reference": f.text(40, upper=True),
        "kind": f.choice(DossierKind.values),
        "status": f.choice(DossierStatus.values),
        "opened_on": f.date(),
        "closed_on": f.date(required=False),
        "next_step_fr": f.text(300, required=False),
        "next_step_ar": f.text(300, required=False),
        "expected_on": f.date(required=False),
    },
    parent=Parent("member_core_id", Member, "member"),
    unique=("reference",),
    touch=("updated_at",),
)

DOSSIER_EVENTS = Spec(
    name="dossier events",
    model=DossierEvent,
    columns={
        "core_id": f.text(40),
        "dossier_core_id": f.text(40),
        "date": f.date(),
        "step": f.choice(DossierStatus.values),
        "message_fr": f.text(2000, required=False),
        "message_ar": f.text(2000, required=False),
    },
    parent=Parent("dossier_core_id", Dossier, "dossier"),
    on_created=file_notifications.dossier_events_imported,
)

SPECS = {
    "members": MEMBERS,
    "careers": CAREERS,
    "contributions": CONTRIBUTIONS,
    "payments": PAYMENTS,
    "dossiers": DOSSIERS,
    "dossier_events": DOSSIER_EVENTS,
}
