"""A mother (Salma, a pensioner) and her son (Youssef, with his own file, account and second factor),
and the grant between them, as the helped-access tests use them."""

import datetime

import pytest
from django.utils import timezone

from portal.proxies.choices import Scope
from portal.proxies.models import Proxy
from tests.portal import factories
from tests.portal.conftest import logged_in


@pytest.fixture
def mother(db):
    user = factories.UserFactory(username="salma@example.org", first_name="Salma", last_name="Alaoui")
    member = factories.MemberFactory(
        user=user, first_name="Salma", last_name="Alaoui", first_name_ar="سلمى", last_name_ar="العلوي", status="retired"
    )
    factories.PaymentFactory(member=member, payment_date=timezone.localdate() - datetime.timedelta(days=20))
    return member


@pytest.fixture
def son(db):
    """Youssef: his own account (verified address, second factor) and his own file."""
    user = factories.UserFactory(
        username="youssef@example.org", first_name="Youssef", last_name="Alaoui", second_factor=True
    )
    factories.MemberFactory(user=user, first_name="Youssef", last_name="Alaoui")
    return user


def grant(member, holder, *, scope=Scope.ACT, expires_on=None, **fields):
    """An accepted grant, in force until ``expires_on`` (a year from today by default)."""
    return Proxy.objects.create(
        member=member,
        name=fields.pop("name", "Youssef Alaoui"),
        email=holder.email,
        scope=scope,
        expires_on=expires_on or timezone.localdate() + datetime.timedelta(days=365),
        accepted_at=timezone.now(),
        holder=holder,
        created_by=member.user,
        **fields,
    )


def switched(user, proxy, language="fr"):
    """A client of ``user`` who opened ``proxy``'s file from "Files you can open"."""
    client = logged_in(user)
    response = client.post(f"/{language}/portal/files/{proxy.pk}/open/")
    assert response.status_code == 302, response.status_code
    return client


@pytest.fixture
def mother_client(mother):
    return logged_in(mother.user)
