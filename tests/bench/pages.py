"""Published procedure pages in French and Arabic for the benchmarks.

Each French page has an Arabic translation (same translation key, other
locale), made from the demo procedures' text so that pages weigh what real
ones do.
"""

import uuid

from wagtail.models import Locale

from cms.models import ProcedureIndexPage, ProcedurePage

COPIED_FIELDS = [
    "summary",
    "eligibility",
    "documents_to_bring",
    "steps",
    "processing_time",
    "cost",
    "body",
    "last_reviewed",
    "category_id",
]


def _template(language):
    page = ProcedurePage.objects.filter(locale__language_code=language).order_by("pk").first()
    if page is None:
        raise RuntimeError("the demo pages (load_demo pages) must be loaded before the bench pages")
    return page


def generate(count, log=print):
    pairs = count // 2
    indexes = {code: ProcedureIndexPage.objects.get(locale__language_code=code) for code in ("fr", "ar")}
    locales = {code: Locale.objects.get(language_code=code) for code in ("fr", "ar")}
    templates = {code: _template(code) for code in ("fr", "ar")}
    for i in range(pairs):
        key = uuid.uuid4()
        for code in ("fr", "ar"):
            template = templates[code]
            page = ProcedurePage(
                title=f"{template.title} ({i + 1})",
                slug=f"bench-{i + 1}",
                locale=locales[code],
                translation_key=key,
                live=True,
                **{name: getattr(template, name) for name in COPIED_FIELDS},
            )
            indexes[code].add_child(instance=page)
        if (i + 1) % 500 == 0:
            log(f"pages: {2 * (i + 1)} / {2 * pairs}")
    log(f"pages: {2 * pairs}")
    return 2 * pairs
