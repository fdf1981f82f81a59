"""The steering figures' vocabularies."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Unit(models.TextChoices):
    WEEK = "week", pgettext_lazy("period", "Week")
    MONTH = "month", pgettext_lazy("period", "Month")
    # A count taken on the day of the refresh (a backlog, today's adoption): it cannot be recomputed later.
    DAY = "day", pgettext_lazy("period", "Day")


class Channel(models.TextChoices):
    """How a claim or a request reached the fund, in the words of the channel strategy."""

    ONLINE = "online", _("Online")
    COUNTER = "counter", _("Counter")
    PHONE = "phone", _("Phone")
    MAIL = "mail", _("Mail")
    # Requests the fund opened itself or recorded in its core system.
    FUND = "fund", _("Opened by the fund")
