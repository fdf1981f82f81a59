"""The weekly trace of who signed in, for "active accounts per week"."""

from portal.steering import periods
from portal.steering.models import ActiveWeek


def record_sign_in(sender, request, user, **kwargs):
    """Receiver of ``user_logged_in``: one row per account and week, however often it signs in.

    The fund's staff signing in to the admin are not the portal's users: no trace is kept of them.
    """
    if user.is_staff:
        return
    ActiveWeek.objects.bulk_create(
        [ActiveWeek(user=user, week=periods.start_of(periods.today(), "week"))], ignore_conflicts=True
    )
