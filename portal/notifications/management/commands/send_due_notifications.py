"""Queue every delivery that is due and not queued: the safety net behind the task queue.

Run it from the scheduler every few minutes. It finds deliveries whose time has come (a text
message that waited for the morning on a queue that cannot defer, a retry) and those a dead
worker left half-sent, and queues them; sending twice is impossible (``delivery.py`` claims each
delivery once), so running it too often costs nothing but a query.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from portal.notifications.centre import schedule
from portal.notifications.choices import DeliveryStatus
from portal.notifications.models import Delivery


class Command(BaseCommand):
    help = "Queue the notifications' deliveries that are due (retries, quiet hours, a worker that died)."

    def handle(self, *args, **options):
        now = timezone.now()
        stale = now - datetime.timedelta(seconds=settings.NOTIFICATIONS_STALE_SECONDS)
        due = Delivery.objects.filter(
            Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            | Q(status=DeliveryStatus.PENDING, next_attempt_at__isnull=True)
            | Q(status=DeliveryStatus.SENDING, started_at__lt=stale)
        ).only("pk", "next_attempt_at")
        deliveries = list(due)
        for delivery in deliveries:
            delivery.next_attempt_at = None  # due now
        schedule(deliveries)
        self.stdout.write(f"{len(deliveries)} deliveries queued")
