"""The periodic refresh of the steering figures, for a scheduler that queues tasks (``refresh_steering``
is the command for one that runs commands; docs/DEPLOYMENT.md runs it hourly)."""

from django_tasks import task


@task()
def refresh_steering():
    from portal.steering import refresh

    return refresh.refresh().rows
