"""Due dates from the service level of a claim's category (editable by staff in the admin)."""

from datetime import timedelta

from django.utils import timezone

from portal.claims.choices import DEFAULT_DAYS_TO_ANSWER, Category


def days_to_answer(category):
    from portal.claims.models import ServiceLevel

    level = ServiceLevel.objects.filter(category=category).only("days_to_answer").first()
    if level is not None:
        return level.days_to_answer
    return DEFAULT_DAYS_TO_ANSWER.get(Category(category), 15)


def due_at(category, start=None):
    return (start or timezone.now()) + timedelta(days=days_to_answer(category))


def ensure_defaults(**signal_kwargs):
    """One row per category, so that staff have something to edit (idempotent)."""
    from portal.claims.models import ServiceLevel

    ServiceLevel.objects.bulk_create(
        [ServiceLevel(category=category, days_to_answer=days) for category, days in DEFAULT_DAYS_TO_ANSWER.items()],
        ignore_conflicts=True,
    )
