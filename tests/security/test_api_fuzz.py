"""Fuzzing the documented APIs with Schemathesis, in-process, as anonymous, member A and member B.

The OpenAPI schema is the one drf-spectacular serves at /api/schema/; every operation in it
gets Hypothesis-generated requests (valid and invalid data) sent straight into Django's WSGI
handler, on the real PostgreSQL test database and Elasticsearch node, then the search API
again on its database fallback. Each request runs in a savepoint that is rolled back, so
every example sees the same world and the run is reproducible (derandomized Hypothesis).

Checked on every answer: no 5xx; the status code, content type and body are those the
schema documents; anonymous never gets a 2xx from the member API; nobody but member A gets
a 2xx for one of A's objects or ever sees one of A's markers; and no request by someone else
changes A's data. Some runs aim at A's own objects (claim reference, attachment, dossier,
payment) and search for A's claim, since random strings would never hit them; member A
seeing them there proves the aim is true.

The employer API (/api/partners/) takes API tokens, not sessions: the sessions above get its 401,
and ``test_fuzz_the_employer_api`` fuzzes it again with valid tokens, of member A's employer (who
may see and change her dossier) and of another organisation (who must never get a 2xx for her
dossier, see one of her markers or change her data).
"""

import contextlib
import time
from collections import Counter
from urllib.parse import unquote, urlsplit

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.errors import FailureGroup

from tests.conftest import sized
from tests.security import world as world_module
from tests.security.access_matrix import _fingerprint

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch, pytest.mark.soak, pytest.mark.long]

ROLES = ("anonymous", "member_a", "member_b")
# Member A's session without the CSRF token, on the operations that change something: never a 2xx.
WITHOUT_CSRF = "member_a_without_csrf"
# A public endpoint that writes nothing answers without a session, hence without a CSRF token.
PUBLIC_WITHOUT_SESSION = ("/api/simulator/",)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# `make test` sends about 1,500 requests (a few minutes on CI's two cores); `make soak` (SOAK=1) over 10,000.
MINIMUM_REQUESTS = sized(1_200, 10_000)
# Examples per operation, role and generation mode (valid data, then invalid data). Operations
# without any input get a few (their requests are all alike); issuing an attestation renders a
# PDF and takes a language only, so it gets fewer too.
EXAMPLES = sized(6, 115)
EXAMPLES_WITHOUT_INPUT = 5
EXAMPLES_BY_OPERATION = {"POST /api/portal/attestations/": 10}
AIMED_EXAMPLES = sized(6, 30)
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
NEVER_FOR_ANONYMOUS = ("/api/portal/", "/api/search/my-claims/")
# Where member A's own answers must show A's markers: the proof that the sessions and the aim work.
A_SEES_MARKERS = {
    "GET /api/portal/profile/",
    "GET /api/portal/claims/",
    "GET /api/portal/claims/{reference}/",
    "GET /api/search/my-claims/",
    # A's request (a document the fund asked for): read, and submitted again (which changes nothing).
    "GET /api/portal/procedures/{reference}/",
    "POST /api/portal/procedures/{reference}/submit/",
}


@contextlib.contextmanager
def in_process():
    """Django's WSGI handler, called in the test's thread and transaction.

    A real request closes "obsolete" database connections when it starts and finishes, and a
    connection inside the test's transaction looks obsolete: Django's own test client
    disconnects that handler for the same reason. Unlike the test client, this handler
    enforces CSRF like production does.
    """
    from django.core.wsgi import get_wsgi_application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, es_client):
    from search import engines, indexes, sync
    from tests.search.conftest import SiteBuilder

    world = world_module.build()
    # A few published pages in both languages, so that public search answers with hits and facets.
    site = SiteBuilder()
    category = site.category("pensions", "Pensions")
    site.page("procedure", "Demander sa pension", "Les pièces à fournir", "Carte nationale", category=category)
    site.page("news", "Revalorisation des pensions", "Nouveau barème", "Paiement en janvier")
    site.page("procedure", "طلب معاش التقاعد", "الوثائق المطلوبة", "بطاقة التعريف الوطنية", language="ar")
    # Member A's claim in the index too: member B's searches must not find it there either.
    for base in (indexes.PAGES, indexes.CLAIMS):
        sync.rebuild(base)
    engines.reset()  # a failure of an earlier test must not leave search on the database fallback
    return world


def _sessions(world):
    """Request cookies and headers per role: a real session, and a CSRF token for unsafe methods."""
    sessions = {"anonymous": ({}, {})}
    for role in ("member_a", "member_b"):
        client = Client()
        client.force_login(world.users[role])
        secret = get_random_string(32)
        cookies = {
            settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
            settings.CSRF_COOKIE_NAME: secret,
        }
        sessions[role] = (cookies, {"X-CSRFToken": secret})
    sessions[WITHOUT_CSRF] = (sessions["member_a"][0], {})
    return sessions


def _label(operation):
    return f"{operation.method.upper()} {operation.path}"


def _examples(operation):
    if not (operation.path_parameters or operation.query or operation.body):
        return EXAMPLES_WITHOUT_INPUT
    return EXAMPLES_BY_OPERATION.get(_label(operation), EXAMPLES)


def _aimed_inputs(operation, world):
    """Fixed path or query values naming member A's objects, one dict per aimed run."""
    a = world.a
    values = {"reference": a["claim"].reference, "attachment_id": a["attachment"].pk, "id": a["payment"].pk}
    if "/dossiers/" in operation.path:
        values["reference"] = a["dossier"].reference
    if "/procedures/" in operation.path:
        # A's request (opened by the fund) and the document A sent for it; the draft's steps.
        values.update(reference=a["case"].reference, document_id=a["case_document"].pk, step="family")
    if operation.path.startswith("/api/open-data/"):
        return []  # the public figures: no object of anyone's to aim at
    names = [parameter.name for parameter in operation.path_parameters]
    if names:
        return [{"path_parameters": {name: values[name] for name in names}}]
    if operation.path.startswith("/api/search/"):
        # A's claim reference, and A's name (which B typed, so its echo is no leak).
        return [{"query": {"q": a["claim"].reference}}, {"query": {"q": world_module.A_MARKERS[0]}}]
    return []


def _routed(response):
    try:
        resolve(unquote(urlsplit(response.request.url).path))
    except Resolver404:
        return False
    return True


def _typed(case):
    """Everything the requester typed: a marker echoed back from there is not a leak."""
    values = [*(case.query or {}).values(), *(case.path_parameters or {}).values()]
    return " ".join(str(value) for value in values)


class Fuzzer:
    """Sends cases as one role and records the counts and every problem found."""

    def __init__(self, world, sessions):
        self.world = world
        self.sessions = sessions
        self.before = _fingerprint(world)
        self.counts = Counter()
        self.seconds = Counter()
        self.a_saw = set()
        self.problems = {}

    def problem(self, key, detail):
        self.problems.setdefault(key, detail)

    def send(self, case, role, aimed_at_a):
        cookies, csrf = self.sessions[role]
        method = case.method.upper()
        label = _label(case.operation)
        with transaction.atomic():
            # A WSGI server always passes the client's address (allauth's session list needs it).
            response = case.call(
                headers=dict(csrf if method in UNSAFE else {}),
                cookies=dict(cookies),
                environ_overrides={"REMOTE_ADDR": "127.0.0.1"},
            )
            changed = method in UNSAFE and role != "member_a" and _fingerprint(self.world) != self.before
            transaction.set_rollback(True)
        self.counts[role] += 1
        self.counts[label] += 1
        where = f"{role} {label} -> {response.status_code}"
        checks = CHECKS
        if not _routed(response):
            # Invalid data in the path (negative mode) that no URL pattern matches: Django's own 404
            # page answers, not the API, so only the absence of a server error is checked.
            self.counts["unrouted"] += 1
            checks = [not_a_server_error]
        try:
            case.validate_response(response, checks=checks)
        except FailureGroup as group:
            for failure in group.exceptions:
                self.problem((role, label, failure.title), f"{where}: {failure.title}\n{str(group)[:1500]}")
        ok = 200 <= response.status_code < 300
        body = response.content or b""
        typed = _typed(case)
        shown = [marker for marker in world_module.A_MARKERS if marker.encode() in body and marker not in typed]
        if role == "member_a":
            if ok and shown:
                self.a_saw.add(label)
            return
        curl = case.as_curl_command()
        if changed:
            self.problem((role, label, "changed"), f"changed member A's data: {where}\n{curl}")
        if ok and role == "anonymous" and case.operation.path.startswith(NEVER_FOR_ANONYMOUS):
            self.problem((role, label, "2xx"), f"anonymous got a 2xx: {where}\n{curl}")
        if ok and role == WITHOUT_CSRF and not case.operation.path.startswith(PUBLIC_WITHOUT_SESSION):
            self.problem((role, label, "2xx"), f"a 2xx without CSRF token: {where}\n{curl}")
        if ok and aimed_at_a:
            self.problem((role, label, "A's object"), f"2xx for member A's object: {where}\n{curl}")
        if shown:
            self.problem((role, label, "leak"), f"member A's {shown} shown: {where}\n{curl}")

    def run(self, operation, role, mode, examples, **fixed):
        aimed_at_a = "path_parameters" in fixed

        @hypothesis_settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,  # the same requests on every run and machine
            database=None,
            phases=[Phase.explicit, Phase.generate],  # problems are collected, never raised: nothing to shrink
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode, **fixed))
        def fuzz(case):
            self.send(case, role, aimed_at_a)

        started = time.perf_counter()
        fuzz()
        self.seconds[_label(operation)] += time.perf_counter() - started


# The members' write budget counts in the shared cache, which a rolled-back example does not undo (Redis): after
# a few hundred generated writes member A's own would be refused. The budget has tests of its own
# (tests/security/test_throttle.py); here every write must reach its view.
@override_settings(MEMBER_WRITES_PER_MINUTE=0, MEMBER_WRITES_PER_HOUR=0)
def test_fuzz_the_documented_apis(world):
    with in_process() as app:
        schema = schemathesis.openapi.from_wsgi("/api/schema/", app, headers={"Accept": "application/json"})
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 17, [_label(operation) for operation in operations]
        fuzzer = Fuzzer(world, _sessions(world))
        for operation in operations:
            # The public figures are the same for everyone and hold nobody's data: fuzzed as a visitor only.
            roles = ("anonymous",) if operation.path.startswith("/api/open-data/") else ROLES
            for role in roles:
                for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                    fuzzer.run(operation, role, mode, _examples(operation))
                for fixed in _aimed_inputs(operation, world):
                    fuzzer.run(operation, role, GenerationMode.POSITIVE, AIMED_EXAMPLES, **fixed)
            if operation.method.upper() in UNSAFE:
                fuzzer.run(operation, WITHOUT_CSRF, GenerationMode.POSITIVE, AIMED_EXAMPLES)
        # The search API once more, answering from the database (Elasticsearch not configured).
        with override_settings(ELASTICSEARCH={**settings.ELASTICSEARCH, "URL": ""}):
            for operation in operations:
                if operation.path.startswith("/api/search/"):
                    fuzzer.run(operation, "anonymous", GenerationMode.POSITIVE, _examples(operation))
                    for fixed in _aimed_inputs(operation, world):
                        fuzzer.run(operation, "member_b", GenerationMode.POSITIVE, AIMED_EXAMPLES, **fixed)
    total = sum(fuzzer.counts[role] for role in (*ROLES, WITHOUT_CSRF))
    summary = (
        f"api fuzz: {len(operations)} operations, {total} requests ("
        + ", ".join(f"{role} {fuzzer.counts[role]}" for role in (*ROLES, WITHOUT_CSRF))
        + f"; {fuzzer.counts['unrouted']} did not route), {len(fuzzer.problems)} problems\n"
        + "\n".join(
            f"  {label}: {fuzzer.counts[label]} requests, {fuzzer.seconds[label]:.1f}s"
            for label in sorted(fuzzer.seconds)
        )
    )
    print(f"\n{summary}")
    assert _fingerprint(world) == fuzzer.before
    assert not fuzzer.problems, "\n\n".join([summary, *list(fuzzer.problems.values())[:30]])
    assert fuzzer.a_saw == A_SEES_MARKERS, f"member A did not see their own data on {A_SEES_MARKERS - fuzzer.a_saw}"
    assert total >= MINIMUM_REQUESTS, summary


def test_schema_documents_what_the_api_answers(client):
    """Regressions for what the fuzzing found in the schema (tests/security/test_api_fuzz.py above)."""
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    # A claim filed without a dossier has "dossier": null.
    assert schema["components"]["schemas"]["ClaimDetail"]["properties"]["dossier"]["nullable"] is True
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            codes = set(operation["responses"])
            if path.startswith(NEVER_FOR_ANONYMOUS):
                assert "403" in codes, where  # SessionAuthentication refuses anonymous with 403
            if "{" in path:
                assert "404" in codes, where
            if "requestBody" in operation:
                assert {"400", "415"} <= codes, where
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    # Only what Django's <int:> and <str:> converters route: digits, no slash.
                    assert parameter["schema"].get("minimum") == 0 or parameter["schema"].get("pattern"), where
    attachment = schema["paths"]["/api/portal/claims/{reference}/attachments/{attachment_id}/"]["get"]
    assert set(attachment["responses"]["200"]["content"]) == {"application/pdf", "image/jpeg", "image/png"}


# The employer API with a valid token (all scopes): of member A's employer, and of another organisation.
TOKEN_ROLES = ("token_a", "token_other_org")
PARTNERS_API = "/api/partners/"
# Where the token of A's employer must see A's markers: the proof that the tokens and the aim work.
TOKEN_A_SEES_MARKERS = {"GET /api/partners/dossiers/{reference}/"}


class TokenFuzzer(Fuzzer):
    """The same checks, with ``Authorization: Bearer`` instead of a session; the token of A's
    employer may see and change A's dossier (as member A may in the member API)."""

    def send(self, case, role, aimed_at_a):
        method = case.method.upper()
        label = _label(case.operation)
        with transaction.atomic():
            response = case.call(
                headers={"Authorization": f"Bearer {self.sessions[role]}"},
                environ_overrides={"REMOTE_ADDR": "127.0.0.1"},
            )
            changed = method in UNSAFE and role != "token_a" and _fingerprint(self.world) != self.before
            transaction.set_rollback(True)
        self.counts[role] += 1
        self.counts[label] += 1
        where = f"{role} {label} -> {response.status_code}"
        checks = CHECKS if _routed(response) else [not_a_server_error]
        try:
            case.validate_response(response, checks=checks)
        except FailureGroup as group:
            for failure in group.exceptions:
                self.problem((role, label, failure.title), f"{where}: {failure.title}\n{str(group)[:1500]}")
        ok = 200 <= response.status_code < 300
        body = response.content or b""
        shown = [marker for marker in world_module.A_MARKERS if marker.encode() in body and marker not in _typed(case)]
        if role == "token_a":
            if ok and shown:
                self.a_saw.add(label)
            return
        curl = case.as_curl_command()
        if changed:
            self.problem((role, label, "changed"), f"changed member A's data: {where}\n{curl}")
        if ok and aimed_at_a:
            self.problem((role, label, "A's object"), f"2xx for member A's object: {where}\n{curl}")
        if shown:
            self.problem((role, label, "leak"), f"member A's {shown} shown: {where}\n{curl}")


@pytest.fixture
def partners_world(db):
    """The security world (member A's employer and her dossier in progress), without search."""
    return world_module.build()


def test_fuzz_the_employer_api(partners_world):
    from portal.partners import tokens
    from portal.partners.choices import ApiScope
    from portal.partners.models import Organisation

    world = partners_world
    keys = {}
    for role, organisation in (("token_a", "ADM-A"), ("token_other_org", "ADM-B")):
        _token, keys[role] = tokens.create(
            organisation=Organisation.objects.get(core_id=organisation), name=role, scopes=list(ApiScope), actor=None
        )
    aimed = {"reference": world.a["partner_dossier"].case.reference}
    with in_process() as app:
        schema = schemathesis.openapi.from_wsgi("/api/schema/", app, headers={"Accept": "application/json"})
        operations = [
            operation
            for operation in (result.ok() for result in schema.get_all_operations())
            if operation.path.startswith(PARTNERS_API)
        ]
        assert len(operations) == 7, [_label(operation) for operation in operations]
        fuzzer = TokenFuzzer(world, keys)
        for operation in operations:
            for role in TOKEN_ROLES:
                for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                    fuzzer.run(operation, role, mode, _examples(operation))
                if operation.path_parameters:
                    fixed = {
                        "path_parameters": {
                            parameter.name: aimed[parameter.name] for parameter in operation.path_parameters
                        }
                    }
                    fuzzer.run(operation, role, GenerationMode.POSITIVE, AIMED_EXAMPLES, **fixed)
    total = sum(fuzzer.counts[role] for role in TOKEN_ROLES)
    summary = f"employer api fuzz: {len(operations)} operations, {total} requests, {len(fuzzer.problems)} problems"
    print(f"\n{summary}")
    assert _fingerprint(world) == fuzzer.before
    assert not fuzzer.problems, "\n\n".join([summary, *list(fuzzer.problems.values())[:30]])
    assert fuzzer.a_saw >= TOKEN_A_SEES_MARKERS, f"the token of A's employer did not see her dossier: {fuzzer.a_saw}"
