from django import template

from portal.notifications import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    """How many notifications the signed-in person has not opened (the number by "Messages")."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return 0
    return selectors.unread_count(request)
