from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from config.post_migrate import connect_after_every_app


class PensionRulesConfig(AppConfig):
    name = "portal.pension_rules"
    label = "pension_rules"
    verbose_name = _("Pension rules")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from portal.pension_rules import permissions, schedule, seed
        from portal.pension_rules.models import Parameter

        connect_after_every_app(permissions.ensure_groups, dispatch_uid="pension-rules-groups")
        post_migrate.connect(seed.seed, sender=self, dispatch_uid="pension-rules-seed")
        post_save.connect(schedule.forget, sender=Parameter, dispatch_uid="pension-rules-forget-save")
        post_delete.connect(schedule.forget, sender=Parameter, dispatch_uid="pension-rules-forget-delete")
