from django.apps import AppConfig

from config.post_migrate import connect_after_every_app


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):

        from portal import audit
        from portal.notifications import announcements, kinds, permissions
        from portal.notifications.choices import AuditAction

        audit.register_choices(AuditAction)
        kinds.register(announcements.ANNOUNCEMENT)
        connect_after_every_app(permissions.ensure_groups, dispatch_uid="notifications-groups")
