"""Claim references: the format, the yearly numbering, uniqueness under concurrent submissions."""

import os
import threading
from datetime import datetime

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from portal.claims import references, services
from portal.claims.models import Claim

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.mark.django_db
def test_references_count_up_and_restart_each_year():
    def allocate(year):
        with transaction.atomic():
            return references.next_reference(timezone.make_aware(datetime(year, 6, 1)))

    assert [allocate(2026), allocate(2026), allocate(2027)] == ["REC-2026-000001", "REC-2026-000002", "REC-2027-000001"]


@pytest.mark.django_db(transaction=True)
def test_reference_needs_the_claims_transaction():
    with pytest.raises(RuntimeError):
        references.next_reference()


@pytest.mark.django_db(transaction=True)
def test_references_unique_under_concurrent_submissions(member, member_user):
    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("CI must run this test on PostgreSQL")
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises writers anyway")
    threads_count, per_thread = 8, 5
    barrier = threading.Barrier(threads_count)
    errors = []

    def submit():
        try:
            barrier.wait()
            for i in range(per_thread):
                services.file_claim(
                    services.NewClaim(member=member, category="payments", subject=f"s{i}", description="d"),
                    actor=member_user,
                )
        except Exception as error:  # the assertion below reports it
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Claim.objects.values_list("reference", flat=True))
    assert len(numbers) == len(set(numbers)) == threads_count * per_thread
    year = timezone.localtime().year
    assert numbers == [references.format_reference(year, n) for n in range(1, threads_count * per_thread + 1)]
