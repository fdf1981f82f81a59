from django.apps import AppConfig
from django.db.models.signals import post_migrate

from config.post_migrate import connect_after_every_app


class ClaimsConfig(AppConfig):
    name = "portal.claims"
    label = "claims"
    verbose_name = "Claims"

    def ready(self):
        from portal import audit
        from portal.claims import notifications, permissions, service_levels
        from portal.claims.choices import AuditAction
        from portal.notifications import kinds

        audit.register_choices(AuditAction)
        for kind in notifications.KINDS:
            kinds.register(kind)
        # After every app's migrate signal, not only ours: the Wagtail admin's
        # permission rows are created after this app's, and both steps are idempotent.
        connect_after_every_app(permissions.ensure_groups, dispatch_uid="claims-groups")
        post_migrate.connect(service_levels.ensure_defaults, sender=self, dispatch_uid="claims-service-levels")
