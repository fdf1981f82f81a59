"""Members A and B with complete files, and staff, for the member-area tests."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from portal import permissions
from tests.portal import factories


@pytest.fixture
def file_a(db):
    user = factories.UserFactory(username="member-a@example.org")
    member = factories.MemberFactory(user=user, last_name="Zyqwertaoui", status="retired", pension_number="PR0000001")
    factories.CareerPeriodFactory(member=member)
    factories.CareerPeriodFactory(
        member=member, start_date=datetime.date(2010, 1, 1), end_date=datetime.date(2020, 6, 30), grade="Cadre"
    )
    factories.PaymentFactory(member=member)
    dossier = factories.DossierFactory(member=member)
    factories.DossierEventFactory(dossier=dossier)
    return member


@pytest.fixture
def file_b(db):
    user = factories.UserFactory(username="member-b@example.org")
    member = factories.MemberFactory(user=user, last_name="Bennani")
    factories.PaymentFactory(member=member)
    factories.DossierFactory(member=member)
    return member


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_a(file_a):
    return logged_in(file_a.user)


@pytest.fixture
def client_b(file_b):
    return logged_in(file_b.user)


@pytest.fixture
def officer(db):
    """A member-services officer: opens files (audited) and decides change requests."""
    permissions.ensure_groups()
    user = factories.UserFactory(username="officer@example.org", is_staff=True, first_name="Nadia")
    user.groups.add(Group.objects.get(name=permissions.MEMBER_SERVICES))
    return user


@pytest.fixture
def auditor(db):
    permissions.ensure_groups()
    user = factories.UserFactory(username="auditor@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=permissions.AUDITORS))
    return user
