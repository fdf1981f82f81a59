"""Template access to portal.wording: {% load portal_wording %}{{ member|status_label }}."""

from django import template

from portal import wording

register = template.Library()


@register.filter
def status_label(member):
    return wording.status_label(member)
