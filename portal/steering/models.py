"""The steering figures' small summary tables, refreshed by ``portal.steering.refresh``.

The dashboard and the public figures read only these tables, never the large ones: they open at once
whatever the number of members. A ``Figure`` is one number of one series for one period and one key;
a series says what its columns mean (``portal.steering.series``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.steering.choices import Unit


class Figure(models.Model):
    series = models.CharField(max_length=40)
    unit = models.CharField(max_length=5, choices=Unit.choices)
    # The first day of the week (Monday) or of the month, in the fund's time zone; for a snapshot,
    # the day it was taken.
    period = models.DateField()
    # What the number is about within the series: a channel, a category, a procedure, a segment
    # ("region:06"); empty for a series with one number per period.
    key = models.CharField(max_length=200, blank=True, default="")
    # How many people or items the figure describes (what small-cell suppression looks at).
    count = models.BigIntegerField(default=0)
    # How many of them meet the series' condition: linked to a member file, answered within the
    # service level, searched without a result. Null when the series has no such condition.
    part = models.BigIntegerField(null=True)
    # Durations in days (median and 90th percentile), for the service-level series.
    median_days = models.FloatField(null=True)
    p90_days = models.FloatField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "unit", "period", "key"], name="steering_figure_unique"),
        ]
        permissions = [("view_steering", "Can view the steering dashboard")]

    def __str__(self):
        return f"{self.series} {self.unit} {self.period} {self.key}: {self.count}"


class Refresh(models.Model):
    """One run of the refresh: the dashboard says when its figures were computed."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    # The first day recomputed (for a full refresh, the start of the history kept).
    since = models.DateField()
    full = models.BooleanField(default=False)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        get_latest_by = "started_at"

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.rows})"


class ActiveWeek(models.Model):
    """An account signed in during a week (one row per account and week, written at sign-in).

    The only trace of activity kept over time: the sessions table forgets a session when it ends.
    Weeks older than the history kept are deleted by the refresh.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(_("week"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="steering_active_week_unique")]
        indexes = [models.Index(fields=["week"], name="steering_active_week_week")]

    def __str__(self):
        return f"{self.user_id} {self.week}"
