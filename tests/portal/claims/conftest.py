"""People and claims for the claims tests: two members, an agent, a supervisor, communications staff."""

import datetime
import itertools

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from portal.claims import permissions, services
from portal.files import uploads
from tests.portal import factories
from tests.portal import sample_files as files

_numbers = itertools.count(1)
# The claims files were built without these; the factory's defaults would add them.
_NO_CONTACT_DETAILS = {"phone": "", "address_line": "", "postal_code": "", "city": "", "bank_rib": ""}


@pytest.fixture(autouse=True)
def _source_language():
    """Unit tests read the source (English) messages; page tests compare with the page's language
    (text.shown). Also undoes the language a previous request's LocaleMiddleware left active."""
    with translation.override("en"):
        yield


def make_user(django_user_model, email, *, groups=(), **extra):
    """An account as the claims tests know it (no confirmed address), built by the one factory."""
    return factories.UserFactory(username=email, email=email, password="x", verified=False, groups=groups, **extra)


def make_member(user, **fields):
    """A retired member, Fatima Benali<n>, with no contact details beyond the account's e-mail."""
    n = next(_numbers)
    defaults = {
        "user": user,
        "affiliation_number": f"AF{n:07d}",
        "national_id": f"AB{n:06d}",
        "core_id": f"CORE-{n}",
        "first_name": "Fatima",
        "last_name": f"Benali{n}",
        "first_name_ar": "فاطمة",
        "last_name_ar": "بنعلي",
        "birth_date": datetime.date(1960, 3, 14),
        "status": "retired",
        "email": user.email if user else "",
        **_NO_CONTACT_DETAILS,
    }
    defaults.update(fields)
    return factories.MemberFactory(**defaults)


@pytest.fixture
def member_user(django_user_model):
    return make_user(django_user_model, "member@example.test")


@pytest.fixture
def member(member_user):
    return make_member(member_user)


@pytest.fixture
def other_member(django_user_model):
    return make_member(make_user(django_user_model, "other@example.test"))


@pytest.fixture
def agent(django_user_model):
    return make_user(django_user_model, "agent@example.test", groups=[permissions.CLAIMS_AGENTS], first_name="Karim")


@pytest.fixture
def supervisor(django_user_model):
    return make_user(django_user_model, "chef@example.test", groups=[permissions.CLAIMS_SUPERVISORS])


@pytest.fixture
def comms_user(django_user_model):
    """Communications staff: Wagtail editors and moderators, who publish pages but never see claims."""
    user = make_user(django_user_model, "comms@example.test", is_staff=True)
    group, _created = Group.objects.get_or_create(name="Communications")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for name in ("Editors", "Moderators"):
        if Group.objects.filter(name=name).exists():
            user.groups.add(Group.objects.get(name=name))
    user.groups.add(group)
    return user


def _logged_in(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


@pytest.fixture
def other_client(other_member):
    from django.test import Client

    return _logged_in(Client, other_member.user)


@pytest.fixture
def agent_client(agent):
    from django.test import Client

    return _logged_in(Client, agent)


@pytest.fixture
def supervisor_client(supervisor):
    from django.test import Client

    return _logged_in(Client, supervisor)


@pytest.fixture
def comms_client(comms_user):
    from django.test import Client

    return _logged_in(Client, comms_user)


@pytest.fixture
def claim(member, member_user):
    return services.file_claim(
        services.NewClaim(member=member, category="payments", subject="Pension non reçue", description="Octobre"),
        actor=member_user,
    )


@pytest.fixture
def claim_with_attachment(member, member_user):
    checked = uploads.validate_uploads([SimpleUploadedFile("releve.pdf", files.pdf_bytes())])
    claim = services.file_claim(
        services.NewClaim(
            member=member, category="payments", subject="Avec pièce", description="Voir pièce", files=checked
        ),
        actor=member_user,
    )
    return claim, claim.attachments.get()
