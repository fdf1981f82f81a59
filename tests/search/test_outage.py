"""Elasticsearch stops during a stream of updates, then comes back: once the worker has caught up, the
index equals the database. Runs the real database queue and the real db_worker (in this process), on a
private node that this test freezes (SIGSTOP: requests hang and time out) and resumes (SIGCONT).
"""

import os
import signal
import time

import pytest
from django.conf import settings as django_settings
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from portal.claims.models import ClaimMessage
from search import claim_documents, indexes, page_documents
from search import client as search_client
from tests.portal.claims.conftest import make_member, make_user
from tests.search.test_claims_search import make_claim

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.elasticsearch]


def run_worker(max_tasks=None):
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="search-outage-test",
        excluded_queue_names=[],
    ).run()


def catch_up(seconds=90):
    """Run the worker until no task waits (retries are scheduled in the near future by the backoff)."""
    deadline = time.monotonic() + seconds
    while DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists():
        assert time.monotonic() < deadline, "the worker did not catch up"
        run_worker()
        time.sleep(0.2)


def index_state(base):
    client = search_client.get_client()
    indexes.refresh(client, base)
    return indexes.indexed_checksums(client, base)


def database_state(base):
    return {str(doc_id): document["checksum"] for doc_id, document in _expected(base)}


def _expected(base):
    if base == indexes.PAGES:
        for page in page_documents.searchable_pages():
            yield page.pk, page_documents.page_document(page)
    else:
        for claim in claim_documents.all_claims():
            yield claim.pk, claim_documents.claim_document(claim)


@pytest.fixture
def on_private_node(private_node, settings):
    url, pid = private_node
    settings.ELASTICSEARCH = {**django_settings.ELASTICSEARCH, "URL": url, "TIMEOUT": 1}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SEARCH_RETRY_BASE_SECONDS = 0.2
    settings.SEARCH_RETRY_MAX_SECONDS = 1
    return pid


def test_nothing_is_lost_while_elasticsearch_is_down(on_private_node, site_builder, django_user_model):
    pid = on_private_node
    pages = [
        site_builder.page("procedure", f"Démarche numéro {i}", f"Résumé de la démarche {i}", slug=f"demarche-{i}")
        for i in range(5)
    ]
    member = make_member(make_user(django_user_model, "outage@example.test"))
    claim = make_claim(member, "REC-2026-000077", "Retard", "Pension non reçue")
    catch_up()
    assert set(index_state(indexes.PAGES)) >= {str(p.pk) for p in pages}

    os.kill(pid, signal.SIGSTOP)
    try:
        for i, page in enumerate(pages):
            page.title = f"Démarche modifiée {i}"
            page.save_revision().publish()
        pages[0].unpublish()
        pages[1].delete()
        added = site_builder.page("news", "Publiée pendant la panne", "Une actualité", slug="pendant-la-panne")
        ClaimMessage.objects.create(claim=claim, body="Relance pendant la panne", from_member=True)
        # Each waiting task runs once, fails (timeout) and schedules its own retry. (A batch worker would
        # loop for ever here: the retries keep becoming due while Elasticsearch is down.)
        run_worker(max_tasks=DBTaskResult.objects.filter(status=TaskResultStatus.READY).count())
        waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path__startswith="search.")
        assert waiting.exists()
        assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED, task_path__startswith="search.").exists()
    finally:
        os.kill(pid, signal.SIGCONT)

    catch_up()
    assert index_state(indexes.PAGES) == database_state(indexes.PAGES)
    assert index_state(indexes.CLAIMS) == database_state(indexes.CLAIMS)
    assert str(added.pk) in index_state(indexes.PAGES)
    assert str(pages[0].pk) not in index_state(indexes.PAGES)
