"""The access-control matrix: every route x every role x five HTTP methods.

Generated from the URL configuration (tests/security/urlwalk.py), with path
parameters filled with ids and references of member A's objects. A 2xx is
allowed only where the policy below says so; in every 2xx answer to someone
who is not member A (nor the staff who work on A's file), none of A's
markers may appear; and no request by them may change A's data.

About 7,000 requests: the roles are split into four groups (``GROUPS``), each run by a test file of
its own (``test_access_matrix_*.py``) so that parallel workers share the matrix. The routes under a
language prefix are walked in French: the Arabic prefix reaches the same views behind the same gates.
SECURITY_MATRIX_FULL=1 (and `make soak`) walks them in both languages with every method: about four
times as many requests for each language.

The partners' space (/<lang>/partners/) is walked like the rest: the HR officer of member A's
employer may see her file and prepare her dossier there, and only there; another organisation's
officer never gets a 2xx for one of her objects nor sees one of her markers. The employer API
(/api/partners/) takes API tokens only: no session of any role gets a 2xx from it.
"""

import json
import os
import re
from collections import Counter

from django.db import transaction

from tests.conftest import SOAK
from tests.security import urlwalk
from tests.security import world as world_module

GROUPS = {
    "members": ("anonymous", "member_a", "member_b"),
    "staff": ("communications", "claims_agent", "administrator"),
    "proxies": world_module.PROXY_ROLES,
    "partners": world_module.PARTNER_ROLES,
}
# A role added to the world must be given a group, or the matrix would silently not try it.
assert sorted(role for roles in GROUPS.values() for role in roles) == sorted(world_module.ROLES)

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
FULL = os.environ.get("SECURITY_MATRIX_FULL") == "1" or SOAK
LANGUAGES = ("fr", "ar") if FULL else ("fr",)
LANG = r"(?:fr|ar)/"

# Routes anyone may reach (explicit allowlist), with the methods that may answer 2xx. A form page answers
# 200 to a bad POST (the form with its errors), hence POST on the public forms.
PUBLIC = [
    r"^healthz$",
    r"^api/v2/",
    r"^api/search/",
    r"^api/simulator/",  # the public simulator: an estimate from what the visitor types, nothing stored
    r"^api/open-data/",  # the fund's public figures: totals only, small cells suppressed
    r"^api/schema/$",
    r"^documents/",
    r"^admin/(sprite|jsi18n)/$",  # the admin's icon sprite and JavaScript catalogue: static assets
    rf"^{LANG}$",
    rf"^{LANG}search/",
    rf"^{LANG}simulator/",
    rf"^{LANG}verify/",
    rf"^{LANG}transparency/",
    rf"^{LANG}report-a-death/",
    rf"^{LANG}life-certificate/",  # the letter's code and the birth date: no account
    rf"^{LANG}_util/authenticate_with_password/",
    rf"^{LANG}accounts/(login/|login/code/confirm/|signup/|password/reset/|inactive/|confirm-email/"
    r"|password/reset/done/|password/reset/key/|\^password/reset/key/|\^confirm-email/|2fa/authenticate/)",
]
# Public pages show the same public content whatever the method (a form page answers 200 to a bad POST
# with its errors; some answer PUT or DELETE like GET): any method may answer 2xx there.
# The partners' space: HR officers only (its gate answers 403 to everyone else); its invitation link is
# opened by the account invited, before it is an officer. The employer API: API tokens only, never a session.
PARTNERS = rf"^{LANG}partners/"
PARTNERS_INVITATION = rf"^{LANG}partners/invitation/"
PARTNERS_API = r"^api/partners/"
# The officer of member A's employer: may see her file and change her dossier, in the partners' space only.
OFFICER_OF_A = "officer_a"
# Self-service pages of one's own account: any logged-in person.
OWN_ACCOUNT = rf"^{LANG}accounts/"
# The member area: only logged-in people; with an object of member A in the path, only member A.
MEMBER_AREA = rf"^(?:{LANG}portal/|api/portal/)"
ADMIN = r"^admin/"
# Admin screens about members, claims or their audit trail: not for communications staff.
# (Service levels are the claims' target delays per category: configuration, not personal data.)
MEMBER_DATA_IN_ADMIN = re.compile(
    r"claims?/(?!servicelevel)|cases/|life-control|member|portal|audit|dossier|enrol|change", re.I
)

# Path parameters that name one of member A's objects (a year or a kind of change does not).
A_OBJECT_PARAMS = {"pk", "id", "reference", "attachment_id", "document_id", "campaign_id", "submission_id", "file_id"}
# Server errors that are not ours: Wagtail's deliberate test error page, and Wagtail admin views that
# answer 500 to a malformed POST (listed in the issue's hardening findings). Staff only.
DELIBERATE_ERRORS = {"admin/failwhale/"}
WAGTAIL_500_ON_MALFORMED_POST = re.compile(
    r"^admin/(pages/<int:page_id>/copy/|choose-external-link/|snippets/choose/.*/create/)$"
)

# Who may see member A's data: A, her proxy (reading only), and the staff whose job is A's file.
MAY_SEE_A = {"member_a", "proxy_read", "claims_agent", "administrator"}
# Who may change it: the same, but her proxy who may only read.
MAY_CHANGE_A = MAY_SEE_A - {"proxy_read"}
# What a proxy who may only read may still post: downloads (an attestation, a payment slip) and the switch
# between files.
READS_BY_POST = re.compile(r"portal/(attestations/download/|payments/detail/<int:pk>/slip/|files/)")


def _more_objects_of_a(world):
    """Member A's objects the shared world does not hold: a pending change request, an attestation."""
    import datetime

    from portal.models import Attestation, ChangeRequest

    member = world.member_a
    change, _created = ChangeRequest.objects.get_or_create(
        member=member, kind="phone", defaults={"new_value": {"phone": "0611223344"}}
    )
    attestation, _created = Attestation.objects.get_or_create(
        member=member,
        serial="MATRIXA0001",
        defaults={"kind": "affiliation", "language": "fr", "issued_on": datetime.date(2026, 1, 5), "holder_name": "A"},
    )
    return {"change": change, "attestation": attestation}


def _values(world):
    """value_for(name, converter, route_before) for urlwalk: member A's objects, by what the route names."""
    from wagtail.models import Page

    a = {**world.a, **_more_objects_of_a(world)}
    page_id = Page.objects.filter(depth=2).first().pk
    unknown = set()

    def value_for(name, converter, before):
        text = f"{before} {name}".lower()
        if "page" in name or name in {"destination_id", "parent_id"}:
            return page_id
        if name in {"uidb36", "key", "token", "code"}:
            return "x1"
        if name == "format":
            return "json"
        if name == "table" and "open-data" in before:
            return "channels"  # a public table that exists (its CSV)
        if name == "year":
            return a["payment"].period.year
        if name == "kind" and "changes" in before:
            return "address"
        if "changes" in before and name == "pk":
            return a["change"].pk
        if "helpers" in before and name == "pk":
            return world.grants["proxy_read"].pk  # one of the people A lets act for her
        if "files" in before and name == "pk":
            return world.grants["proxy_read"].pk  # the grant its holder opens A's file with
        if "attestations" in before and name == "serial":
            return a["attestation"].serial
        if "life-certificate/" in before:
            # Member A's letter, and a file of her answer.
            values = {
                "campaign_id": a["life_check"].campaign_id,
                "submission_id": a["life_answer"].pk,
                "file_id": a["life_file"].pk,
            }
            if name in values:
                return values[name]
        if "partners/" in before:
            # Member A's retirement dossier (prepared by her employer's officer) and what the space names.
            if name in {"reference", "step", "document_id"}:
                return {
                    "reference": a["partner_dossier"].case.reference,
                    "step": "position",
                    "document_id": a["partner_document"].pk,
                }[name]
            if name == "pk":
                for part, obj in (
                    ("civil-servants", a["member"]),
                    ("invitations", a["invitation"]),
                    ("officers", a["officer"]),
                    ("api-tokens", a["api_token"]),
                ):
                    if part in before:
                        return obj.pk
                unknown.add(f"{before}<{name}>")
        if "procedures" in before or "cases/" in before:
            # Member A's request (opened by the fund, answered with a document), and the start of a procedure.
            values = {"procedure": "pension_age_limit", "step": "family", "document_id": a["case_document"].pk}
            if name in values:
                return values[name]
            if name in {"reference", "pk"}:
                return a["case"].reference if name == "reference" else a["case"].pk
        kinds = [kind for kind in ("attachment", "message", "payment", "claim", "dossier", "member") if kind in text]
        if "servicelevel" in text:
            kinds = []
        for kind in kinds:
            obj = a.get(kind)
            if obj is not None:
                if name in {"reference", "ref"} or (converter in {"str", "slug"} and hasattr(obj, "reference")):
                    return obj.reference
                return obj.pk
        if re.search(MEMBER_AREA, before.replace("^", "")):
            unknown.add(f"{before}<{name}>")
        return 1  # an id that exists or not: either answer is fine, a garbage string is another test

    return value_for, unknown


def _policy(route, role, method, params):
    """True when a 2xx answer is acceptable for this role and method."""
    plain = route.replace("^", "").replace("$", "")
    if re.search(PARTNERS_API, plain):
        return False
    if role == "administrator":
        return True
    if any(re.search(pattern, plain) for pattern in PUBLIC):
        return True
    if role == "anonymous":
        return False
    if re.search(OWN_ACCOUNT, plain) or re.search(PARTNERS_INVITATION, plain):
        return True
    if re.search(PARTNERS, plain):
        if role not in world_module.PARTNER_ROLES:
            return False
        return role == OFFICER_OF_A or not A_OBJECT_PARAMS.intersection(params)
    if re.search(MEMBER_AREA, plain):
        if role == "proxy_read":
            # Her file, in the pages (the API answers for the proxy's own file only), reading only.
            return method == "GET" or READS_BY_POST.search(plain) or not A_OBJECT_PARAMS.intersection(params)
        return role == "member_a" or not A_OBJECT_PARAMS.intersection(params)
    if re.search(ADMIN, plain):
        if role in {"member_a", "member_b", *world_module.PARTNER_ROLES}:
            return False
        return role == "claims_agent" or not MEMBER_DATA_IN_ADMIN.search(plain)
    return False


def _officer_of_a_in_partners(role, route):
    """The officer of member A's employer, in the partners' space: sees A's file and prepares her dossier."""
    return role == OFFICER_OF_A and re.search(PARTNERS, route.replace("^", "").replace("$", "")) is not None


def _fingerprint(world):
    """Member A's data as stored: any change made by someone else shows here."""
    from portal.claims.models import Claim, ClaimMessage
    from portal.models import Dossier, Member

    member = Member.objects.filter(pk=world.member_a.pk).values().first()
    user = (
        type(world.users["member_a"])
        .objects.filter(pk=world.users["member_a"].pk)
        .values("password", "email", "is_active", "is_staff", "is_superuser")
        .first()
    )
    claims = list(Claim.objects.filter(member=world.member_a).values().order_by("pk"))
    messages = ClaimMessage.objects.filter(claim__member=world.member_a).count()
    dossiers = list(Dossier.objects.filter(member=world.member_a).values().order_by("pk"))
    dossiers.append(list(world.member_a.change_requests.values_list("pk", "status").order_by("pk")))
    life = world.member_a.life_checks.order_by("pk")
    dossiers.append(list(life.values_list("pk", "status", "answered_at", "code_failures", "code_locked_until")))
    dossiers.append(list(life.values_list("submissions__pk", "submissions__review", "submissions__files__file")))
    cases = world.member_a.cases.order_by("pk")
    dossiers.append(list(cases.values_list("pk", "status", "answers", "assigned_to", "decision_reason")))
    dossiers.append(list(world.member_a.cases.values_list("documents__pk", "documents__review").order_by("pk")))
    for row in claims:
        row.pop("updated_at", None)
    return repr((member, user, claims, messages, dossiers))


def _body(world):
    a = world.a
    return {
        "claim": a["claim"].pk,
        "claim_id": a["claim"].pk,
        "reference": a["claim"].reference,
        "dossier": a["dossier"].pk,
        "member": a["member"].pk,
        "member_id": a["member"].pk,
        "message": a["message"].pk,
        "subject": "Objet",
        "description": "Texte",
        "body": "Texte",
        "category": "other",
    }


def _content(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _request(client, method, url, body):
    if method == "GET":
        return client.get(url, {"q": body["reference"]})
    if url.startswith("/api/"):
        return client.generic(method, url, json.dumps(body), content_type="application/json")
    if method == "POST":
        return client.post(url, body)
    return client.generic(
        method, url, "&".join(f"{k}={v}" for k, v in body.items()), content_type="application/x-www-form-urlencoded"
    )


def _clients(world):
    """One client per role, logged in once; the session cookie is put back after each request."""
    from django.conf import settings
    from django.test import Client

    from portal.proxies import acting

    clients = {}
    for role in world_module.ROLES:
        client = Client(raise_request_exception=False)
        if role in world.users:
            client.force_login(world.users[role])
        if role in world.grants:
            # Switched to A's file (for the ended ones, before their access ended).
            session = client.session
            session[acting.SESSION_KEY] = {"kind": "proxy", "id": world.grants[role].pk}
            session.save()
        clients[role] = (client, client.cookies.get(settings.SESSION_COOKIE_NAME))
    return clients


def _plan(route, role):
    """The methods tried for this route and role.

    The admin's gate (Wagtail's require_admin_access) is the same for every method and every
    non-staff person, so in the default run the admin routes get GET and POST from anonymous,
    member B, communications staff and the claims agent. Every role gets every method in the area
    where its own rights apply: member A and B everywhere outside the admin; a proxy in the member
    area (A's file, acted on through the grant) and the APIs; an HR officer in the partners' area and
    its API; staff in the admin and the APIs (where a staff flag could open a door). Elsewhere a
    proxy, an HR officer or a staff account is an account without a member file of its own, as
    member B, who is tried there with every method already: it gets GET and POST (the methods a
    view may treat differently for a signed-in account). SECURITY_MATRIX_FULL=1 tries every
    combination (about 4 times longer).
    """
    if FULL:
        return METHODS
    in_admin = route.route.startswith("admin/")
    if in_admin:
        if role in {"member_a", "administrator"} or role in world_module.PROXY_ROLES + world_module.PARTNER_ROLES:
            # A proxy or an HR officer is an account without staff rights, as member B, who is tried there already.
            return ()
        return ("GET", "POST")
    api = route.route.startswith("api/")
    if role in world_module.PARTNER_ROLES:
        own_area = re.search(PARTNERS, route.route) or re.search(PARTNERS_API, route.route)
    elif role in world_module.PROXY_ROLES:
        own_area = api or re.search(MEMBER_AREA, route.route)
    elif role in GROUPS["staff"]:
        own_area = api
    else:
        own_area = True
    return METHODS if own_area else ("GET", "POST")


def run(world, roles):
    """The matrix for ``roles``; fails with the list of problems found."""
    from django.conf import settings

    value_for, unknown = _values(world)
    routes, unresolvable = urlwalk.routes(value_for, LANGUAGES)
    assert unknown == set(), f"parameters the matrix cannot fill with member A's objects: {sorted(unknown)}"
    # The catch-all patterns (Wagtail pages, documents, the admin's 404) have no single URL; pages are
    # covered by the home pages and the others are listed here so a new one is noticed.
    assert all(re.search(r"\(\(\?:|\(\\d\+\)|\^\.\*|revisions/compare", r) for r in unresolvable), unresolvable

    body = _body(world)
    clients = _clients(world)
    before = _fingerprint(world)
    problems, counts = [], Counter()
    for role in roles:
        client, session_cookie = clients[role]
        for route in routes:
            for method in _plan(route, role):
                with transaction.atomic():
                    response = _request(client, method, route.url, body)
                    content = _content(response)
                    changed = (
                        method != "GET"
                        and role not in MAY_CHANGE_A
                        and not _officer_of_a_in_partners(role, route.route)
                        and _fingerprint(world) != before
                    )
                    transaction.set_rollback(True)
                if session_cookie is not None:
                    # A logout or login rotated or dropped the session (whose change was rolled back).
                    client.cookies[settings.SESSION_COOKIE_NAME] = session_cookie.value
                counts["requests"] += 1
                where = f"{role} {method} {route.url} -> {response.status_code}"
                if (
                    response.status_code >= 500
                    and route.route not in DELIBERATE_ERRORS
                    and not (method == "POST" and WAGTAIL_500_ON_MALFORMED_POST.search(route.route))
                ):
                    problems.append(f"server error: {where}")
                if changed:
                    problems.append(f"changed member A's data: {where}")
                if not 200 <= response.status_code < 300:
                    continue
                counts["2xx"] += 1
                if not _policy(route.route, role, method, route.params):
                    problems.append(f"unexpected 2xx: {where}")
                if role not in MAY_SEE_A and not _officer_of_a_in_partners(role, route.route):
                    leaked = [m for m in world_module.A_MARKERS if m.encode() in content]
                    if leaked:
                        problems.append(f"member A's data {leaked} shown: {where}")
    print(
        f"\naccess matrix: {len(routes)} routes x {len(roles)} roles x {len(METHODS)} methods "
        f"(full={FULL}): {counts['requests']} requests, {counts['2xx']} answered 2xx, {len(problems)} problems; "
        f"{len(unresolvable)} catch-all patterns without a single URL"
    )
    assert problems == [], "\n".join(problems[:80])
