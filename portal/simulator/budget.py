"""How many estimates one address may ask for in an hour, on the public page and the public API
together (a person trying dates is one person whichever door they use): far more than anyone
trying their own dates, far fewer than a script copying the scheme's tables. Only estimates
computed are counted: a form with a mistake costs nothing."""

import time

from django.conf import settings

from config import throttle
from portal import audit

WINDOW = 3600


def spend(request):
    """Count one estimate for the request's address; the seconds to wait when over budget, else None."""
    now = int(time.time())
    key = f"throttle:simulator:{audit.client_ip(request) or 'unknown'}:{now // WINDOW}"
    if throttle.count(key, window=WINDOW) > settings.SIMULATOR_ESTIMATES_PER_HOUR:
        return WINDOW - now % WINDOW
    return None
