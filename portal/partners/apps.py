from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from config.post_migrate import connect_after_every_app


class PartnersConfig(AppConfig):
    name = "portal.partners"
    label = "partners"
    verbose_name = _("Partners")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):

        from portal import audit
        from portal.casework import admin_panels
        from portal.partners import (
            case_panel,
            dossiers,
            permissions,
            signals,  # noqa: F401 - connects the receivers
        )
        from portal.partners.choices import AuditAction

        audit.register_choices(AuditAction)
        admin_panels.register(dossiers.PROCEDURE, template=case_panel.TEMPLATE, context=case_panel.context)
        # The groups "Employers" and "Management reports" come with the schema, never with the demo.
        connect_after_every_app(permissions.ensure_groups, dispatch_uid="partners-groups")
        from portal.partners import steering  # noqa: F401 - registers its steering series and panel
