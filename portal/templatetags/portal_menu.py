"""What the member menu, on every portal page, reads from the database: in one query, not one per fact.

Neither is cached: a notification that arrives or is read must change the number on the next page.
"""

from django import template
from django.contrib.auth import get_user_model
from django.db.models import Exists

from portal.lifecontrol.models import LifeCheck
from portal.notifications import selectors as notification_selectors
from portal.subqueries import count_of

register = template.Library()


@register.simple_tag(takes_context=True)
def member_menu(context):
    """{"unread": the notifications not opened yet (the number by "Messages"), "life_certificate": whether the
    member was ever asked for a life certificate (the link, for pensioners abroad only)}."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread": 0, "life_certificate": False}
    member = getattr(request, "member", None)
    facts = {"unread": count_of(notification_selectors.unread(user))}
    if member is not None:
        facts["life_certificate"] = Exists(LifeCheck.objects.of_member(member))
    return {"life_certificate": False, **get_user_model().objects.filter(pk=user.pk).values(**facts).get()}
