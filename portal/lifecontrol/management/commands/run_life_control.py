"""The life control's daily work (notices, statuses, suspensions, file deletion, exports): run it hourly."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from portal.lifecontrol import daily


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = (
        "For every open life-control campaign: send the notice due today, move the statuses (notified, overdue, "
        "suspended only after two notices that reached the person and the grace period); delete the files of "
        "answers decided long ago; export the suspensions and reinstatements for the core system. Idempotent: "
        "run it every hour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to act as (YYYY-MM-DD; default today), e.g. to catch up a day")
        parser.add_argument("--outdir", help="where the exports go (default LIFE_CONTROL_EXPORT_DIR)")

    def handle(self, *args, date=None, outdir=None, **options):
        summary = daily.run(today=_date(date) if date else None, outdir=outdir)
        self.stdout.write(json.dumps(summary, indent=2, sort_keys=True))
