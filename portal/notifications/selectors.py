"""What a person's inbox holds: the notifications to their account and to their own member file.

A proxy does not read the member's inbox: messages are the member's (what a proxy may see of the
file is the file itself). The count is memoised on the request: every page shows it.
"""

from django.db.models import Q

from portal.notifications.models import Notification


def inbox(account):
    own = Q(account=account) | Q(member__user=account)
    return Notification.objects.filter(own)


def unread(account):
    return inbox(account).filter(read_at__isnull=True)


def unread_count(request):
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = unread(request.user).count()
    return request._unread_notifications
