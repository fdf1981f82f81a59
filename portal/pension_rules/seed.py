"""The civil scheme's published parameters, written to an empty table after every ``migrate`` so that
the simulator works on a new installation; from then on the fund changes them in the admin, and
a table that has rules is never touched. (After ``migrate``, not in a data migration: a test
database flushed between browser tests gets them back the same way, like the staff groups.)"""

import datetime

from portal.pension_rules import schedule


def seed(**kwargs):
    from portal.pension_rules.models import Parameter

    if Parameter.objects.exists():
        return
    Parameter.objects.bulk_create(
        Parameter(
            name=row["name"],
            applies_from=datetime.date.fromisoformat(row["applies_from"]),
            value=row["value"],
            source=row["source"],
        )
        for row in schedule.fixture_rows()
    )
    schedule.forget()
