"""Whose file the page shows, for the banner at the top of every portal page.

A page whose view did not go through ``portal.access`` (the inbox, the files page, an allauth
page) still shows the banner: the tag asks ``current_acting`` itself, once per request.
"""

from django import template

from portal.access import current_acting
from portal.proxies import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def acting_state(context):
    """{"acting", "name", "files_count"} for the banner (``files_count`` only when not acting).

    An access that ended since the last page is said by ``acting.resolve`` with a message."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return {}
    acting = getattr(request, "acting", None) or current_acting(request)
    state = {"acting": acting, "files_count": 0}
    if acting is not None and acting.on_behalf:
        language = getattr(request, "LANGUAGE_CODE", "")
        state["name"] = acting.member.full_name_ar if language == "ar" else acting.member.full_name
    else:
        state["files_count"] = selectors.files_of(user).count()
    return state
