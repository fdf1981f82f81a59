"""XSS corpus in the real browser: what users type is shown as text, for every role that sees it.

The payloads (tests/security/xss_payloads.py) go where people really put text:
claims (subject, description, the member's replies), member names, CMS pages
(title, summary, meta description, rich text, headings) and search queries (the
search page and the header's autocomplete). Each screen is then opened in
Chromium by every role that can see it, with `window.__xss` installed before any
script of the page; a payload that ran would call it (or open a dialog).

The browser contexts ignore the site's Content Security Policy (`bypass_csp`):
the CSP would block inline scripts anyway, but that is defence in depth. These
tests prove the escaping itself. A control test renders the corpus unescaped and
checks that the detector does catch it, so a silent detector cannot pass.

Each view also checks that the payloads arrived and are shown as text (not dropped,
not decoded twice, not evaluated as a template).
"""

import json
import re
from dataclasses import dataclass, field
from html import escape
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.models import Page
from wagtail.rich_text import RichText

from cms.models import HomePage, StandardPage
from demo.accounts import AGENT, MEMBER, ensure_user
from portal.claims import services
from portal.claims.choices import Category
from portal.models import Member
from tests.conftest import SOAK
from tests.e2e.conftest import DB_QUEUE, _wait_for_requests_in_flight
from tests.security.xss_payloads import BY_ID, NUL, PAYLOADS, visible_text

pytestmark = pytest.mark.browser

# Installed in every frame before the page's own scripts. A call from a frame is forwarded to
# the top window when it can be (same origin) and always logged, so cross-origin frames count too.
SENTINEL = """(() => {
  const calls = [];
  Object.defineProperty(window, "__xssCalls", { value: calls });
  window.__xss = (id) => {
    calls.push(id);
    console.log("XSS-SENTINEL " + id);
    try { if (window.top !== window) window.top.__xss(id); } catch (e) { /* cross-origin frame */ }
  };
})();"""
# Let what runs after the load event (animations, toggles, focus, late image errors) happen.
SETTLE = "() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50)))"
ADMIN = "xss-admin@example.org"
STORED = [p for p in PAYLOADS if p.storable]  # PostgreSQL text cannot hold NUL (nor do Django's form fields take it)
BATCH = 30  # payloads per claim thread
# One page, one search and one autocomplete per payload is some 650 page loads: `make test` takes every
# third payload for those (the corpus page still holds every one of them), `make soak` takes all.
ONE_BY_ONE = PAYLOADS if SOAK else PAYLOADS[::3]
STORED_ONE_BY_ONE = [p for p in ONE_BY_ONE if p.storable]


@dataclass
class Ledger:
    """What was tried where: (sink, role) -> payload ids that went through and were checked."""

    tried: dict = field(default_factory=dict)

    def add(self, sink, role, payloads):
        self.tried.setdefault((sink, role), set()).update(p.id for p in payloads)

    def lines(self):
        return [f"{sink} as {role}: {len(ids)} payloads" for (sink, role), ids in sorted(self.tried.items())]


@pytest.fixture(scope="module")
def ledger():
    book = Ledger()
    yield book
    total = {payload_id for ids in book.tried.values() for payload_id in ids}
    print(f"\nXSS corpus: {len(total)} distinct payloads, {len(book.tried)} sink/role pairs")
    print("\n".join(book.lines()))


class Watch:
    """The detectors: sentinel calls (from every frame), dialogs, and server errors."""

    def __init__(self):
        self.console, self.dialogs = [], []

    def attach(self, page):
        page.on("console", lambda message: self._console(message.text))
        page.on("dialog", self._dialog)

    def _console(self, text):
        if text.startswith("XSS-SENTINEL"):
            self.console.append(text)

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def check(self, page, where):
        page.evaluate(SETTLE)
        calls = page.evaluate("() => Array.from(window.__xssCalls || [])")
        assert (calls, self.console, self.dialogs) == ([], [], []), f"script ran on {where} ({page.url})"


@pytest.fixture
def open_page(browser, live_server):
    """open_page(user=None) -> (page, watch): a fresh browser context, logged in as `user` if given."""
    contexts = []

    def open_as(user=None):
        context = browser.new_context(
            base_url=live_server.url, bypass_csp=True, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(20_000)
        context.add_init_script(SENTINEL)
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        page = context.new_page()
        watch = Watch()
        watch.attach(page)
        return page, watch

    yield open_as
    for context in contexts:
        context.close()
    _wait_for_requests_in_flight()


def visit(page, watch, url, where):
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{where}: {url} answered {response and response.status}"
    watch.check(page, where)
    return page


def assert_shown(text, payloads, where):
    """Each payload is on the screen as the text that was typed (escaped, not dropped or decoded)."""
    shown = visible_text(text)
    missing = [p.id for p in payloads if p.shown_as() not in shown]
    assert missing == [], f"{where}: payloads not shown as text: {missing}"


def chunks(items, size):
    return [items[start : start + size] for start in range(0, len(items), size)]


def subject_of(payload):
    return payload.text if payload.fits(200) else f"Corpus {payload.id}"


# --- the control: the detector catches the corpus when it is NOT escaped --------------------------

RAW_CONTEXTS = (
    "<title>{t}</title><p>{t}</p><div title=\"{t}\"></div><div title='{t}'></div>"
    '<div title={t}></div><textarea>{t}</textarea><iframe src="{t}"></iframe>'
)


def test_detector_catches_the_corpus_when_it_is_rendered_raw(open_page, site_content):
    """Without this, an empty sentinel array would prove nothing: most payloads must fire when injected raw.

    Each payload gets its own same-origin frame (srcdoc), unescaped in the usual contexts of a page.
    (`site_content` although no page of the site is used: like every browser test, it runs on the live
    server's committed database.)
    """
    page, watch = open_page()
    fired = set()
    for batch in chunks(PAYLOADS, 20):
        frames = "".join(f'<iframe srcdoc="{escape(RAW_CONTEXTS.replace("{t}", p.text))}"></iframe>' for p in batch)
        page.set_content(f"<!doctype html><title>control</title>{frames}")
        page.evaluate(SETTLE)
        fired.update(page.evaluate("() => window.__xssCalls.splice(0)"))
    fired.update(int(number) for number in re.findall(r"\d+", " ".join(watch.dialogs)))
    assert fired <= {payload.id for payload in PAYLOADS}
    print(f"\nXSS control: {len(fired)} of {len(PAYLOADS)} payloads run when injected raw, without interaction")
    # The rest need a click, a hover or the focus, an old browser, a template engine or double decoding:
    # they are there to be shown as text. The classic shapes must fire.
    assert len(fired) >= 120
    classics = [
        "<script>CALL</script>",
        "<img src=x onerror=CALL>",
        "<svg onload=CALL>",
        "<details open ontoggle=CALL>",
    ]
    assert {payload_for(shape).id for shape in classics} <= fired


def payload_for(shape):
    return next(p for p in PAYLOADS if re.sub(r"__xss\(\d+\)", "CALL", p.text) == shape)


# --- claims: the member files them, the member, an agent and an administrator read them ------------


@pytest.fixture
def people(demo_members):
    user_model = get_user_model()
    member_user = user_model.objects.get(email=MEMBER)
    ensure_user(ADMIN, is_staff=True, is_superuser=True, first_name="Xss", last_name="Admin")
    return {
        "member": member_user,
        "agent": user_model.objects.get(email=AGENT),
        "administrator": user_model.objects.get(email=ADMIN),
        "file": Member.objects.get(user=member_user),
    }


def file_claims(member, author):
    """One claim per payload (its subject); each batch's first claim carries the batch as description and replies."""
    threads = []
    for batch in chunks(STORED, BATCH):
        claims = [
            services.file_claim(
                services.NewClaim(
                    member=member,
                    category=Category.OTHER,
                    subject=subject_of(payload),
                    description=payload.text,
                    language="fr",
                ),
                actor=author,
            )
            for payload in batch
        ]
        thread = claims[0]
        thread.description = "\n\n".join(p.text for p in batch)
        thread.save(update_fields=["description"])
        for payload in batch:
            services.post_message(thread, actor=author, body=payload.text, from_member=True)
        threads.append((thread, batch))
    return threads


def test_claims_are_shown_as_text_to_the_member_agents_and_administrators(open_page, people, settings, ledger):
    settings.TASKS = DB_QUEUE  # acknowledgements and indexing wait in the queue: not what this test is about
    threads = file_claims(people["file"], people["member"])
    with_subject = [p for p in STORED if p.fits(200)]

    member, watch = open_page(people["member"])
    for lang in ("fr", "ar"):
        visit(member, watch, f"/{lang}/portal/claims/", f"claim list ({lang})")
        assert_shown(member.inner_text("main"), with_subject, f"claim list ({lang})")
    ledger.add("claim subject (list)", "member", with_subject)
    for thread, batch in threads:
        visit(member, watch, f"/fr/portal/claims/{thread.reference}/", "claim thread")
        text = member.inner_text("main")
        assert_shown(text, batch, "claim thread")
        assert text.count(batch[0].shown_as()) >= 2, "the description and the reply are both shown"
        ledger.add("claim description + replies (thread)", "member", batch)

    for role in ("agent", "administrator"):
        staff, watch = open_page(people[role])
        queue_text = ""
        for number in range(1, len(STORED) // 50 + 3):
            visit(staff, watch, f"/admin/claims/?page={number}", f"claim queue page {number} ({role})")
            queue_text += staff.inner_text("body")
        assert_shown(queue_text, with_subject, f"claim queue ({role})")
        ledger.add("claim subject (admin queue)", role, with_subject)
        for thread, batch in threads:
            visit(staff, watch, f"/admin/claims/{thread.pk}/", f"admin claim page ({role})")
            assert_shown(staff.inner_text("body"), batch, f"admin claim page ({role})")
            ledger.add("claim description + replies (admin claim page)", role, batch)


# --- member names: the member's dashboard and the staff member file -------------------------------


def test_member_names_are_shown_as_text_on_the_dashboard_and_the_member_file(open_page, people, ledger):
    names = [p for p in STORED if p.fits(100)]  # the name fields hold 100 characters
    member_file = people["file"]
    member, member_watch = open_page(people["member"])
    staff = {role: open_page(people[role]) for role in ("agent", "administrator")}
    fields = ("first_name", "last_name", "first_name_ar", "last_name_ar")
    for number, batch in enumerate(chunks(names, len(fields))):
        # Names come from the core system's export; written here as the import would store them.
        Member.objects.filter(pk=member_file.pk).update(
            **{name: p.text for name, p in zip(fields, batch, strict=False)}
        )
        visit(member, member_watch, "/fr/portal/", "dashboard")
        assert_shown(member.inner_text("main"), batch, "dashboard")
        # Agents and administrators get the same template: the administrator looks at every fourth batch.
        roles = ("agent", "administrator") if number % 4 == 0 else ("agent",)
        for role in roles:
            page, watch = staff[role]
            visit(page, watch, f"/admin/members/{member_file.pk}/", f"member file ({role})")
            assert_shown(page.inner_text("body"), batch, f"member file ({role})")
            ledger.add("member names (member file)", role, batch)
    ledger.add("member names (dashboard)", "member", names)
    # The Arabic dashboard puts the Arabic name first: one look is enough to know it is the same escaping.
    visit(member, member_watch, "/ar/portal/", "dashboard (ar)")
    assert_shown(member.inner_text("main"), names[-len(fields) :][2:], "dashboard (ar)")


# --- CMS pages: title, summary, meta description, headings and rich text, seen by a visitor ---------

CONVERTER = ContentstateConverter(features=["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"])


def typed_rich_text(text):
    """What the admin's editor (Draftail) saves when an editor types `text`, in bold, as a link to `text`.

    It goes through Wagtail's own converter, as the page form does; a javascript: link is removed there.
    """
    length = len(text.encode("utf-16-le")) // 2  # Draft.js counts UTF-16 code units
    contentstate = {
        "blocks": [
            {
                "key": "xss",
                "type": "unstyled",
                "depth": 0,
                "text": text,
                "inlineStyleRanges": [{"offset": 0, "length": length, "style": "BOLD"}],
                "entityRanges": [{"offset": 0, "length": length, "key": 0}],
            }
        ],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": text}}},
    }
    return RichText(CONVERTER.to_database_format(json.dumps(contentstate)))


def publish_corpus_pages():
    home = HomePage.objects.get(locale__language_code="fr")
    corpus = StandardPage(
        title="Corpus XSS",
        slug="corpus-xss",
        intro="Textes piégés",
        body=[block for p in STORED for block in (("heading", p.text), ("paragraph", typed_rich_text(p.text)))],
    )
    home.add_child(instance=corpus)
    corpus.save_revision().publish()
    pages = []
    for payload in STORED_ONE_BY_ONE:
        page = StandardPage(
            title=payload.text,
            slug=f"xss-{payload.id}",
            intro=payload.text,
            search_description=payload.text,
            body=[("paragraph", typed_rich_text(payload.text))],
        )
        corpus.add_child(instance=page)
        page.save_revision().publish()
        pages.append((Page.objects.get(pk=page.pk).url, payload))
    return corpus, pages


@pytest.mark.soak
def test_cms_pages_and_search_show_payloads_as_text_to_visitors(open_page, site_content, es_client, ledger):
    """Pages with payloads everywhere an editor types, then searched for (query, highlights, autocomplete)."""
    corpus, pages = publish_corpus_pages()
    es_client.indices.refresh(index=f"{settings.ELASTICSEARCH['INDEX_PREFIX']}-*")
    visitor, watch = open_page()

    visit(visitor, watch, corpus.url, "corpus page")
    assert_shown(visitor.inner_text("main"), STORED, "corpus page (headings and rich text)")
    assert visitor.locator("main a[href^='javascript:' i]").count() == 0
    ledger.add("CMS rich text paragraph + link", "anonymous", STORED)
    ledger.add("CMS StreamField heading", "anonymous", STORED)

    for url, payload in pages:
        visit(visitor, watch, url, f"page of payload {payload.id}")
        assert_shown(visitor.inner_text("main"), [payload], f"page of payload {payload.id}")
        assert payload.shown_as() in visible_text(visitor.title()), f"<title> of payload {payload.id}"
        description = visitor.locator("meta[name=description]").get_attribute("content")
        assert description == payload.text, f"meta description of payload {payload.id}"
    ledger.add("CMS page title (h1, breadcrumb, <title>)", "anonymous", STORED_ONE_BY_ONE)
    ledger.add("CMS page summary + meta description", "anonymous", STORED_ONE_BY_ONE)

    search_page(visitor, watch, ledger)
    autocomplete(open_page, ledger)


def search_page(visitor, watch, ledger):
    """Every payload as a query (half in French, half in Arabic); most find their own page, highlighted."""
    degraded, found_own_page = [], 0
    for index, payload in enumerate(ONE_BY_ONE):
        lang = ("fr", "ar")[index % 2]
        where = f"search for payload {payload.id}"
        visit(visitor, watch, f"/{lang}/search/?q={quote(payload.text)}", where)
        query = payload.text.replace(NUL, "").strip()[:200]  # NUL is dropped; the form takes 200 characters
        assert visible_text(query) in visible_text(visitor.inner_text("main .search-summary")), where
        assert payload.shown_as()[:40] in visible_text(visitor.title()), where
        assert visitor.input_value("#search-page-query") == query, where
        titles = visible_text(" ".join(visitor.locator("main .result-title").all_inner_texts()))
        found_own_page += payload.storable and payload.shown_as() in titles
        if visitor.locator("main .notice[role=status]").count():
            degraded.append(payload.id)
    print(f"\nXSS search: {found_own_page} of {len(STORED_ONE_BY_ONE)} payload pages found and shown highlighted")
    assert degraded == [], f"these queries made search fall back to the database: {degraded}"
    assert found_own_page >= len(STORED_ONE_BY_ONE) // 2, "the highlighted titles (the riskiest sink) must be exercised"
    ledger.add("search page query (summary, <title>, input value)", "anonymous", ONE_BY_ONE)


RENDERED_SUGGESTIONS = (
    "(titles) => JSON.stringify(Array.from(document.querySelectorAll('#site-search-suggestions li'),"
    " (li) => li.textContent)) === JSON.stringify(titles)"
)


def autocomplete(open_page, ledger, tabs=3):
    """Every payload typed into the header's search box; search.js renders what the API suggests."""
    from search import service

    opened = [open_page() for _ in range(tabs)]
    for page, watch in opened:
        visit(page, watch, "/fr/", "home page")
    suggested = set()
    for group in chunks(ONE_BY_ONE, tabs):
        expected = []
        for (page, _watch), payload in zip(opened, group, strict=False):
            page.fill("#site-search", payload.text)  # typing fires the input event the script listens to
            expected.append([s["title"] for s in service.autocomplete(payload.text.strip(), "fr")])
        for (page, watch), payload, titles in zip(opened, group, expected, strict=False):
            page.wait_for_function(RENDERED_SUGGESTIONS, arg=titles)
            watch.check(page, f"autocomplete for payload {payload.id}")
            suggested.update(p.id for p in STORED if p.text.strip() in titles)
    print(f"XSS autocomplete: {len(suggested)} payload titles shown as suggestions")
    assert suggested, "payload titles must reach the suggestion list"
    ledger.add("autocomplete query (typed)", "anonymous", ONE_BY_ONE)
    ledger.add("autocomplete suggestion titles (search.js)", "anonymous", [BY_ID[i] for i in suggested])
