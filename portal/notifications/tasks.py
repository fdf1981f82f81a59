"""Background work of the notification centre (run by the task worker)."""

from django_tasks import task

from config.tasks import enqueue_at


@task()
def deliver(delivery_ids):
    """Send each delivery once; a delivery to retry is queued again for its time (alone)."""
    from portal.notifications import delivery, sms

    sender = sms.get_sender()  # one for the batch: its connection to the provider is reused
    outcomes = {}
    for delivery_id in delivery_ids:
        outcome = delivery.attempt(delivery_id, sender=sender)
        if outcome.retry_at is not None:
            enqueue_at(deliver, outcome.retry_at, [delivery_id])
        outcomes[outcome.status] = outcomes.get(outcome.status, 0) + 1
    return outcomes
