"""The people of the security tests, built by the one factory (tests/portal/factories.py).

Six roles: anonymous, member A, member B, communications staff, claims agent,
administrator; member A's proxies; and two HR officers of employers (the partners' space): one of
member A's employer, who may see and prepare her retirement dossier there, and one of another
organisation, who must never see anything of hers. Member A's file carries distinctive markers,
so that any response shown to someone else can be searched for them.
"""

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from tests.portal import factories

PASSWORD = factories.PASSWORD
ROLES = (
    "anonymous",
    "member_a",
    "member_b",
    "communications",
    "claims_agent",
    "administrator",
    # People member A let act on her file: one who may only read, and two whose access ended (its end
    # date passed; A revoked it) while their session still points at her file.
    "proxy_read",
    "expired_proxy",
    "revoked_proxy",
    # HR officers (signatories and their organisation's administrators, with a second factor): of member
    # A's employer, and of another organisation (member B's).
    "officer_a",
    "officer_other_org",
)
PROXY_ROLES = ("proxy_read", "expired_proxy", "revoked_proxy")
PARTNER_ROLES = ("officer_a", "officer_other_org")

# What only member A (and staff who work on A's file) may ever see. None of these is echoed
# back by a search page when another string is typed.
A_MARKERS = ("Zyqwertaoui", "AFF-A-770001", "Sujet-marqueur-A", "Texte-marqueur-A-confidentiel")


@dataclass
class World:
    users: dict = field(default_factory=dict)
    member_a: object = None
    member_b: object = None
    a: dict = field(default_factory=dict)  # member A's objects, by kind
    grants: dict = field(default_factory=dict)  # the proxies of member A, by role


def make_user(email, *, groups=(), is_staff=False, is_superuser=False):
    """A confirmed account; staff have a second factor, as in production (portal.middleware)."""
    return factories.UserFactory(
        username=email,
        email=email,
        password=PASSWORD,
        groups=groups,
        is_staff=is_staff,
        is_superuser=is_superuser,
        second_factor=is_staff,
    )


def _member(user, *, last_name, affiliation, national_id, rib, core_id):
    return factories.MemberFactory(
        user=user,
        affiliation_number=affiliation,
        national_id=national_id,
        first_name="Test",
        last_name=last_name,
        first_name_ar="اختبار",
        last_name_ar="اختبار",
        birth_date=datetime.date(1970, 1, 1),
        status="contributing",
        email=user.email,
        phone="0600000000",
        address_line="",
        postal_code="",
        city="",
        bank_rib=rib,
        core_id=core_id,
    )


def build():
    """Users for every role; member files and member A's claim, dossier, message and attachment."""
    from cms import permissions as cms_permissions
    from portal.casework import permissions as casework_permissions
    from portal.claims import permissions as claims_permissions

    cms_permissions.ensure_editorial_groups()
    casework_permissions.ensure_groups()
    claims_permissions.ensure_groups()
    world = World()
    world.users = {
        "member_a": make_user("member-a@example.org"),
        "member_b": make_user("member-b@example.org"),
        "communications": make_user("comms@example.org", groups=[cms_permissions.COMMUNICATIONS], is_staff=True),
        "claims_agent": make_user("agent@example.org", groups=[claims_permissions.CLAIMS_AGENTS], is_staff=True),
        "administrator": make_user("admin@example.org", is_staff=True, is_superuser=True),
    }
    world.member_a = _member(
        world.users["member_a"],
        last_name=A_MARKERS[0],
        affiliation=A_MARKERS[1],
        national_id="AA100001",
        rib="011780000012345678901234",
        core_id="CORE-A",
    )
    world.member_b = _member(
        world.users["member_b"],
        last_name="Bennani",
        affiliation="AFF-B-880002",
        national_id="BB200002",
        rib="011780000098765432109876",
        core_id="CORE-B",
    )
    world.a = _member_a_objects(world)
    world.grants = _proxies_of_a(world)
    world.a.update(_partners(world))
    return world


def _partners(world):
    """Member A works in a unit of ministry A, member B at ministry B; each has an HR officer. Member
    A's retirement dossier is in progress (with a document), prepared by her employer's officer, who
    also made an API token and invited a colleague: the objects the partners' routes name."""
    from portal.audit import AuditContext
    from portal.casework.choices import DocumentKind
    from portal.files import uploads
    from portal.models import Member
    from portal.partners import dossiers, officers, scope, tokens
    from portal.partners.choices import ApiScope, Role
    from portal.partners.models import Officer, Organisation

    ministry_a = Organisation.objects.create(core_id="ADM-A", name="Ministère A", name_ar="الوزارة أ")
    unit_a = Organisation.objects.create(core_id="ADM-A-1", name="Direction A", parent=ministry_a)
    ministry_b = Organisation.objects.create(core_id="ADM-B", name="Ministère B", name_ar="الوزارة ب")
    Member.objects.filter(pk=world.member_a.pk).update(employer=unit_a)
    Member.objects.filter(pk=world.member_b.pk).update(employer=ministry_b)
    world.member_a.refresh_from_db()
    world.member_b.refresh_from_db()
    found = {}
    for role, organisation in (("officer_a", ministry_a), ("officer_other_org", ministry_b)):
        user = factories.UserFactory(username=f"{role}@example.org", password=PASSWORD, second_factor=True)
        world.users[role] = user
        found[role] = Officer.objects.create(user=user, organisation=organisation, role=Role.SIGNATORY, is_admin=True)
    officer = found["officer_a"]
    where = scope.of_officer(officer)
    dossier, _created = dossiers.start(scope=where, member_pk=world.member_a.pk, actor=officer.user, language="fr")
    files = uploads.validate_uploads([_png_upload("decision.png")])
    [document] = dossiers.add_documents(
        scope=where, dossier=dossier, uploads=[(DocumentKind.LEAVING_DECISION, files)], actor=officer.user
    )
    token, _key = tokens.create(organisation=ministry_a, name="SIRH A", scopes=list(ApiScope), actor=officer.user)
    invitation = officers.invite(
        organisation=ministry_a,
        email="new-officer@example.org",
        role=Role.READER,
        actor=officer.user,
        context=AuditContext.none(),
        language="fr",
    )
    return {
        "officer": officer,
        "partner_dossier": dossier,
        "partner_document": document,
        "api_token": token,
        "invitation": invitation,
    }


def _png_upload(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, _png(), content_type="image/png")


def _proxies_of_a(world):
    """Member A's proxies (with a second factor, as a proxy must have): {role: grant}."""
    from django.utils import timezone

    from portal.proxies.models import Proxy

    now, today = timezone.now(), timezone.localdate()
    grants = {}
    for role, scope, expires_on, revoked_at in (
        ("proxy_read", "read", today + datetime.timedelta(days=30), None),
        ("expired_proxy", "act", today - datetime.timedelta(days=1), None),
        ("revoked_proxy", "act", today + datetime.timedelta(days=30), now),
    ):
        holder = factories.UserFactory(username=f"{role}@example.org", second_factor=True)
        world.users[role] = holder
        grants[role] = Proxy.objects.create(
            member=world.member_a,
            scope=scope,
            name=f"Proxy {role}",
            email=holder.email,
            holder=holder,
            expires_on=expires_on,
            accepted_at=now,
            revoked_at=revoked_at,
            created_by=world.users["member_a"],
        )
    return grants


def _png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _member_a_request(member, user):
    """A request the fund opened for member A (a document asked for), answered with one document."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.casework import checklist
    from portal.casework import services as casework
    from portal.files import uploads

    case = casework.ask_member_for_document(
        member, "school_certificate", actor=None, message=A_MARKERS[2], due_on=datetime.date(2099, 1, 1)
    )
    [item] = checklist.open_requests(case)
    files = uploads.validate_uploads([SimpleUploadedFile("certificat.png", _png(), content_type="image/png")])
    [document] = casework.add_documents(case, actor=user, target=item.key, files=files)
    case.refresh_from_db()
    return case, document


def _member_a_life_check(member, user):
    """Member A, living in France, in an opened life-control campaign, with her photos sent."""
    from portal.files import uploads
    from portal.lifecontrol import services as life
    from portal.lifecontrol.choices import FileKind, Method
    from portal.lifecontrol.models import Campaign
    from portal.models import Member

    Member.objects.filter(pk=member.pk).update(country="FR")
    campaign = Campaign.objects.create(
        name="Life control 2099",
        year=2099,
        opens_on=datetime.date(2099, 1, 1),
        deadline=datetime.date(2099, 3, 31),
        grace_days=30,
        statuses=[member.status],
        countries=["FR"],
    )
    life.open_campaign(campaign, actor=None)
    check = member.life_checks.get()
    photo = uploads.check_file("photo-a.png", _png())
    answer = life.submit(
        check,
        actor=user,
        method=Method.PHOTOS,
        files=[(FileKind.IDENTITY_DOCUMENT, photo), (FileKind.HOLDING_DOCUMENT, photo)],
        screen_code="123456",
    )
    return {"life_check": check, "life_answer": answer, "life_file": answer.files.first()}


def _member_a_objects(world):
    """Through the real services where there is one (claims), else the models the import fills."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.claims import services
    from portal.files import uploads
    from portal.models import Dossier, PensionPayment

    member, user = world.member_a, world.users["member_a"]
    dossier = Dossier.objects.create(
        member=member, reference="DOS-A-0001", kind="retirement", status="open", opened_on=datetime.date(2025, 1, 1)
    )
    payment = PensionPayment.objects.create(
        member=member,
        core_id="PAY-A-1",
        period=datetime.date(2025, 10, 1),
        gross=Decimal("8000.00"),
        net=Decimal("7000.00"),
        payment_date=datetime.date(2025, 10, 28),
    )
    files = uploads.validate_uploads([SimpleUploadedFile("releve.png", _png(), content_type="image/png")])
    claim = services.file_claim(
        services.NewClaim(
            member=member, category="payments", subject=A_MARKERS[2], description=A_MARKERS[3], files=files
        ),
        actor=user,
    )
    message = services.post_message(claim, actor=user, body=A_MARKERS[3], from_member=True)
    case, case_document = _member_a_request(member, user)
    return {
        "case": case,
        "case_document": case_document,
        "member": member,
        "dossier": dossier,
        "payment": payment,
        "claim": claim,
        "message": message,
        "attachment": claim.attachments.get(),
        **_member_a_life_check(member, user),
    }
