"""The situation an estimate starts from: the member's file, or what a visitor typed.

From the file, each career period is taken as the core system recorded it, with its monthly
contribution base as the salary; the period still open is the post held today and runs until
the pension starts. A visitor gives a start of service and today's salary: one period, the same
salary for the past (a visitor has no salary history to give, and the reference salary only
looks at the last years).
"""

from decimal import Decimal

from portal.simulator.engine import Period, Situation


def from_member(member, *, today, growth=Decimal("0")):
    periods = tuple(
        Period(start=period.start_date, end=period.end_date, salary=period.contribution_base)
        for period in member.career_periods.all()
    )
    return Situation(birth_date=member.birth_date, sex=member.sex, periods=periods, today=today, growth=growth)


def from_answers(*, birth_date, sex, service_start, salary, today, growth=Decimal("0")):
    period = Period(start=service_start, end=None, salary=salary)
    return Situation(birth_date=birth_date, sex=sex or "", periods=(period,), today=today, growth=growth)


def from_cleaned(data, *, today):
    """The situation from a public form's or the public API's validated answers."""
    fields = ("birth_date", "sex", "service_start", "salary", "growth")
    return from_answers(today=today, **{name: data[name] for name in fields})


def in_service(member):
    """Whether the file has a period still open: the simulator is for members still serving."""
    return any(period.end_date is None for period in member.career_periods.all())
