"""Benchmark 2: the site's search against the raw Elasticsearch round trip of the very same bodies, and the
database fallback on the same queries.

    DATABASE_URL=postgres://…/portal_bench python -m tests.bench.search_load --demo
    DATABASE_URL=postgres://…/portal_bench python -m tests.bench.search_load --pages 10000

search           the site's /api/search/?q= (Elasticsearch engine) for the queries of tests/bench/queries.txt;
                 its ceiling is the node answering the exact bodies the site sends (es_search.search_body),
                 posted straight to it by the same load generator. Two ratios: p95 (raw ÷ site) and
                 throughput (site ÷ raw).
search_fallback  the same queries on a second server without Elasticsearch (the database engine answers, as
                 when the cluster is away), against the same raw round trip.

--demo loads the demo pages into an empty database first; --pages N adds N bench procedure pages
(tests/bench/pages.py) on top of them. Either rebuilds the index.
"""

import argparse
import json
import sys
from urllib.parse import quote

from tests.bench import loadgen

QUIET = {"TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"}


def search_queries():
    from tests.bench import run

    path = run.ROOT / "tests" / "bench" / "queries.txt"
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def captured_search_bodies(queries):
    """The exact request bodies the site sends (search.es_search.search_body), for the raw-node ceiling."""
    from search import analysis, es_search, indexes, service

    index = indexes.alias(indexes.PAGES)
    items = []
    for query in queries:
        body = es_search.search_body(service.parse_request({"q": query}, analysis.detect_language(query)))
        items.append(("POST", f"/{index}/_search", "", json.dumps(body, default=str)))
    return items


def _site_items(queries):
    # An Arabic query is typed on the Arabic site: the same language as the captured body.
    from search import analysis

    return [("GET", f"/api/search/?lang={analysis.detect_language(q)}&q={quote(q)}", "") for q in queries]


def _row(run, raw, scale_label, count):
    from tests.bench.run import ratio

    return {
        "figure": (
            f"p50 {run['p50_ms']:.1f} ms, p95 {run['p95_ms']:.1f} ms, {run['rps']:,.1f} req/s "
            f"({count} queries, {scale_label})"
        ),
        "value": run["p95_ms"],
        "ceiling": raw["p95_ms"],
        "ceiling_label": f"raw ES p50 {raw['p50_ms']:.1f} ms, p95 {raw['p95_ms']:.1f} ms, {raw['rps']:,.1f} req/s",
        "ratio": ratio(run["p95_ms"], raw["p95_ms"], higher_is_better=False),
        "throughput_ratio": ratio(run["rps"], raw["rps"]),
        "errors": run["errors"] + run["non_2xx"],
    }


def bench(results, log, *, base, duration, connections, scale_label):
    """Rows `search` and `search_fallback`; `base` is a running site whose search uses Elasticsearch."""
    from django.conf import settings

    from tests.bench import run

    queries = search_queries()
    site_items = _site_items(queries)
    raw_items = captured_search_bodies(queries)
    # Warm both (caches, the node's file cache) so that neither pays the first requests alone.
    loadgen.run(base, site_items, duration=max(1, duration // 5), connections=connections)
    site = loadgen.run(base, site_items, duration=duration, connections=connections)
    raw = loadgen.run(settings.ELASTICSEARCH["URL"], raw_items, duration=duration, connections=connections)
    results["search"] = _row(site, raw, scale_label, len(queries))
    log(f"search: {results['search']}")
    # Without ELASTICSEARCH_URL the site answers from the database, exactly as during an outage.
    with run.Gunicorn(port=run.PORT + 5, ELASTICSEARCH_URL="") as fallback:
        # A longer warm-up: each worker's first searches in each language read the word lists the fallback
        # checks typos against (search.db_search._dictionary), about a second per worker, once.
        loadgen.run(fallback.base, site_items, duration=duration, connections=connections)
        database = loadgen.run(fallback.base, site_items, duration=duration, connections=connections)
    results["search_fallback"] = _row(database, raw, scale_label, len(queries))
    log(f"search_fallback: {results['search_fallback']}")
    return results


def _table(results):
    lines = [f"{'row':<16} {'site':<60} {'raw Elasticsearch':<52} p95 ratio  req/s ratio"]
    for name, row in results.items():
        if not isinstance(row, dict) or "figure" not in row:
            continue
        lines.append(
            f"{name:<16} {row['figure']:<60} {row['ceiling_label']:<52} "
            f"{row['ratio'] or 0:>9.2f}  {row['throughput_ratio'] or 0:>11.2f}"
        )
    return "\n".join(lines)


def prepare(log, *, demo, pages):
    from django.core.management import call_command

    from tests.bench import run

    if demo:
        run.reset_database()
        run.manage("migrate", "--no-input", "-v0", env=QUIET)
        run.manage("createcachetable", env=QUIET)
        run.manage("load_demo", "pages", "synonyms", env=QUIET)
    if pages:
        from tests.bench import pages as bench_pages

        bench_pages.generate(pages, log)
    if demo or pages:
        call_command("search_index", "rebuild")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--demo", action="store_true", help="empty the database and load the demo pages first")
    parser.add_argument("--pages", type=int, default=0, help="add this many bench procedure pages first")
    parser.add_argument("--duration", type=int, default=10, help="seconds per load run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, help="gunicorn processes (default: as deployed)")
    args = parser.parse_args(argv)
    from tests.bench import run

    if not loadgen.available():
        sys.exit("bench: wrk is missing (Debian package 'wrk')")
    run.configure_environment()
    run.manage("collectstatic", "--no-input", "-v0", env=QUIET)
    log = run.start_alone()
    prepare(log, demo=args.demo, pages=args.pages)
    from search.models import IndexedPage

    scale_label = f"{IndexedPage.objects.count():,} pages"
    results = {}
    with run.Gunicorn(workers=args.workers) as site:
        bench(
            results, log, base=site.base, duration=args.duration, connections=args.connections, scale_label=scale_label
        )
    print(_table(results))
    return results


if __name__ == "__main__":
    main()
