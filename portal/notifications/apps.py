from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from django.db.models.signals import post_migrate

        from portal import audit
        from portal.notifications import announcements, kinds, permissions
        from portal.notifications.choices import AuditAction

        audit.register_choices(AuditAction)
        kinds.register(announcements.ANNOUNCEMENT)
        post_migrate.connect(permissions.ensure_groups, dispatch_uid="notifications-groups")
