"""What a procedure type is: its questions in steps, its documents, who may start it, its service level.

A procedure is data plus a few small functions; the engine (``portal.casework.steps``), the
services, the pages, the API, the back-office and the export read it and never test a
procedure's code. Adding a procedure is one module in this package and one line in its
``__init__``.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.utils import formats

from portal.casework.eligibility import ALLOWED


class Audience:
    """Who may start a procedure online."""

    MEMBER = "member"  # an account linked to a member file, for that file
    ACCOUNT = "account"  # any logged-in account (a widow need not have a file of her own yet)
    PUBLIC = "public"  # anyone, without an account (one-page form)
    FUND = "fund"  # only the fund (an agent or the core system) opens it
    EMPLOYER = "employer"  # the member's employer's HR service prepares and sends it (``portal.partners``)


@dataclass(frozen=True)
class Step:
    name: str
    title: str  # lazy translation
    form: type[forms.Form]


@dataclass(frozen=True)
class Procedure:
    code: str
    title: str  # lazy translation, as the member reads it
    summary: str  # one line under the title in the list of procedures
    audience: str
    days_to_decide: int  # the fund's service level, from submission to decision
    steps: tuple[Step, ...] = ()
    # Whether the request is about the applicant's own member file (shown to whoever holds it);
    # a death or a survivor's pension is about someone else's.
    about_the_member: bool = True
    # documents(answers) -> the DocumentKinds the applicant must send, given their answers.
    documents: Callable[[dict], list] = field(default=lambda answers: [])
    # eligibility(member, today) -> Eligibility; only for Audience.MEMBER procedures.
    eligibility: Callable = field(default=lambda member, today: ALLOWED)
    # identify(answers) -> the member file the request is about, for procedures about someone else.
    identify: Callable | None = None
    # The URL name of the page where the member answers, when a service has one of its own (the
    # life control): the requests list and the timeline send them there.
    page: str = ""
    # Whether an accepted request goes to the core system in ``export_cases`` (the life control has
    # its own exports, and its photos never leave the portal).
    exported: bool = True
    # Whether a member may have several of these in progress at once (one career error reported
    # while another is being checked); a draft stays one per procedure.
    several_in_progress: bool = False
    # Whether the start button may carry answers for the first step, shown for the person to check
    # (the career page's "Report an error" fills in the period it flags).
    prefilled: bool = False
    # Whether the fund asks the sender to correct the request itself (answers and documents) rather
    # than asking for documents: an employer's dossier goes back to its HR service.
    correctable: bool = False
    # The member's words for some statuses of this procedure, when the general ones would mislead
    # ("Waiting for your documents" while the employer corrects its dossier).
    status_labels: dict = field(default_factory=dict)

    def step(self, name):
        return next((step for step in self.steps if step.name == name), None)

    def step_names(self):
        return [step.name for step in self.steps]


def _json_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)  # an amount keeps its cents exactly
    return value


def to_json(cleaned_data):
    """A step's cleaned data as JSON: dates as ISO strings, amounts as decimal strings, the rest as it is."""
    return {name: _json_value(value) for name, value in cleaned_data.items()}


def display_value(bound_field, value):
    """How a stored answer reads in the summary, the receipt and the back-office."""
    form_field = bound_field.field
    if value in (None, ""):
        return "—"
    if isinstance(form_field, forms.BooleanField):
        from django.utils.translation import gettext

        return gettext("Yes") if value else gettext("No")
    if isinstance(form_field, forms.DecimalField):
        try:  # an amount as the payments page shows one: "13 800,00"
            return formats.number_format(Decimal(value), 2, force_grouping=True)
        except (ArithmeticError, TypeError, ValueError):
            return str(value)
    if isinstance(form_field, forms.ChoiceField):
        return str(dict(form_field.choices).get(value, value))
    if isinstance(form_field, forms.DateField):
        try:
            return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def summary(procedure, answers):
    """[(step title, [(question, answer), ...]), ...] in step order, for what was answered."""
    sections = []
    for step in procedure.steps:
        stored = answers.get(step.name)
        if stored is None:
            continue
        form = step.form()
        rows = [
            (form[name].label, display_value(form[name], stored.get(name))) for name in form.fields if name in stored
        ]
        sections.append((step.title, rows))
    return sections
