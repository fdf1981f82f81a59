from django.apps import AppConfig

from config.post_migrate import connect_after_every_app


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Member portal"

    def ready(self):
        from portal import account_security, audit, enrolment, file_notifications, online_services, permissions
        from portal.models import AuditAction
        from portal.notifications import kinds

        audit.register_choices(AuditAction)
        audit.register_choices(enrolment.AUDIT_ACTIONS)
        audit.register_choices(account_security.AUDIT_ACTIONS)
        online_services.register_portal_services()
        for kind in file_notifications.KINDS:
            kinds.register(kind)
        # After every app's migrate: the Wagtail admin's permission rows may come after ours.
        connect_after_every_app(permissions.ensure_groups, dispatch_uid="portal-groups")
