"""The claims queue's SQL with and without the queue indexes, on a bench database (`make bench` fills it).

    DATABASE_URL=postgres://…/portal_bench python -m tests.bench.queue_plans

For each filter of the agents' queue: the page query and the paginator's count, median of five
EXPLAIN ANALYZE runs, first with the indexes of migration claims 0002 dropped (inside a
transaction that is rolled back: nothing changes), then with them; and the plans used.
"""

import os
import statistics

FILTERS = {
    "(none)": {},
    "status=submitted": {"status": "submitted"},
    "category+status": {"category": "payments", "status": "in_progress"},
    "overdue": {"overdue": True},
    "channel=phone": {"channel": "phone"},
    "unassigned": {"unassigned": True},
    "mine": {"mine": True},
    "status+category": {"status": "waiting_member", "category": "career"},
}
QUEUE_INDEXES = [
    "claim_open_due",
    "claim_awaiting_due",
    "claim_category_status_due",
    "claim_open_channel_due",
    "claim_open_agent_due",
]


def queue_sql(filters, agent):
    """The two statements the queue page runs: its page of claims, and the paginator's count."""
    from portal.claims.admin_views import QUEUE_PAGE_SIZE, queue_claims

    claims = queue_claims(filters, agent)
    page = claims[:QUEUE_PAGE_SIZE].query.sql_with_params()
    count_sql, count_params = claims.order_by().values("pk").query.sql_with_params()
    # Both compiled by Django, values passed apart: nothing is interpolated from outside.
    return [page, (f"SELECT COUNT(*) FROM ({count_sql}) c", count_params)]  # noqa: S608


def explain(cursor, sql, params, runs=5):
    """Median execution time (ms) and the plan's first nodes."""
    times = []
    for _ in range(runs):
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0][0]
        times.append(plan["Execution Time"])
    nodes = []

    def walk(node):
        nodes.append(node["Node Type"] + (f"[{node['Index Name']}]" if "Index Name" in node else ""))
        for child in node.get("Plans", []):
            walk(child)

    walk(plan["Plan"])
    return statistics.median(times), " > ".join(nodes[:4])


def measure(cursor, filters, agent, *, without_indexes):
    from django.db import transaction

    with transaction.atomic():
        if without_indexes:
            for name in QUEUE_INDEXES:
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        results = [explain(cursor, sql, params) for sql, params in queue_sql(filters, agent)]
        transaction.set_rollback(True)
    return results


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from portal.claims.models import Claim

    agent = get_user_model().objects.filter(is_staff=True).first()
    print(f"{Claim.objects.count():,} claims, {Claim.objects.exclude(status='closed').count():,} open")
    print("| filter | before: page + count | after: page + count | plans after (page / count) |")
    print("|---|---|---|---|")
    with connection.cursor() as cursor:
        for name, filters in FILTERS.items():
            (bp, _), (bc, _) = measure(cursor, filters, agent, without_indexes=True)
            (ap, page_plan), (ac, count_plan) = measure(cursor, filters, agent, without_indexes=False)
            print(f"| {name} | {bp:.1f} + {bc:.1f} ms | {ap:.1f} + {ac:.1f} ms | {page_plan} / {count_plan} |")


if __name__ == "__main__":
    main()
