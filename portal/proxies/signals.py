"""Help at the counter ends with the agent's login session: logging out closes it for good.

``acting.resolve`` already refuses a counter session from another login session; ending it here
also records the end (and tells the member) instead of leaving it open until it times out.
"""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver


@receiver(user_logged_out, dispatch_uid="proxies-counter-logout")
def end_counter_sessions(sender, request, user, **kwargs):
    from portal.proxies import counter

    if user is not None:
        counter.end_all(agent=user)
