"""People and requests for the casework tests: a member near retirement, a widow with an account,
another member, a case agent, communications staff; and files that pass the upload checks."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from portal.casework import permissions
from portal.files import uploads
from tests.portal import factories
from tests.portal import sample_files as files


@pytest.fixture(autouse=True)
def _source_language():
    """Unit tests read the source (English) messages."""
    with translation.override("en"):
        yield


def checked_pdf(text="Acte de décès"):
    """A PDF as the upload pipeline returns it (checked), for services called directly."""
    return uploads.validate_uploads([SimpleUploadedFile("document.pdf", files.pdf_bytes(text), "application/pdf")])


def upload(name="document.pdf", text="Acte"):
    return SimpleUploadedFile(name, files.pdf_bytes(text), "application/pdf")


@pytest.fixture
def member_user(db):
    return factories.UserFactory(username="amina@example.org")


@pytest.fixture
def member(member_user):
    """Amina, in service since 1990, 62 years old on 2026-12-01 (age limit on 2027-06-15)."""
    member = factories.MemberFactory(
        user=member_user, first_name="Amina", birth_date=datetime.date(1964, 6, 15), sex="F", status="contributing"
    )
    factories.CareerPeriodFactory(member=member, start_date=datetime.date(1990, 9, 1), end_date=None)
    return member


@pytest.fixture
def other_user(db):
    return factories.UserFactory(username="karim@example.org")


@pytest.fixture
def other_member(other_user):
    member = factories.MemberFactory(user=other_user, first_name="Karim", sex="M")
    factories.CareerPeriodFactory(member=member, start_date=datetime.date(2000, 1, 1), end_date=None)
    return member


@pytest.fixture
def widow_user(db):
    """An account with no member file of its own: the spouse of a deceased pensioner."""
    return factories.UserFactory(username="khadija@example.org")


@pytest.fixture
def deceased(db):
    return factories.MemberFactory(
        first_name="Ahmed",
        last_name="Alaoui",
        national_id="BK123456",
        birth_date=datetime.date(1950, 3, 2),
        status="retired",
        pension_number="P0012345",
    )


@pytest.fixture
def agent(db):
    return factories.UserFactory(username="agent@fund.example", groups=[permissions.CASE_AGENTS], second_factor=True)


@pytest.fixture
def editor(db):
    return factories.UserFactory(
        username="editor@fund.example", groups=["Communications", "Editors"], second_factor=True
    )


def survivor_answers(deceased, *, relationship="spouse", orphans=0, in_school=0):
    return {
        "deceased": {
            "identifier": deceased.pension_number,
            "national_id": deceased.national_id,
            "last_name": deceased.last_name,
            "first_name": deceased.first_name,
            "birth_date": deceased.birth_date.isoformat(),
            "death_date": "2026-10-20",
        },
        "applicant": {
            "relationship": relationship,
            "marriage_date": "1975-07-01" if relationship == "spouse" else None,
            "orphans": orphans,
            "orphans_in_school": in_school,
            "disabled_orphan": False,
        },
        "payment": {"bank_rib": factories.valid_rib(777)},
    }
