"""Staff groups and their rights, made once every app's permissions exist."""

from django.apps import apps
from django.db.models.signals import post_migrate


def connect_after_every_app(receiver, *, dispatch_uid):
    """Run `receiver` after each migrate (and each flush), once, when the last app's post_migrate is sent.

    Django sends post_migrate once per app, and creates each app's content types and permissions on that
    app's signal; a receiver that gives a group a right of an app listed after its own must wait for that
    app's. Connected without a sender, the groups were rebuilt on each of some forty signals: eight seconds
    of queries on every flush, which each browser journey's teardown pays. The last app's signal comes
    after every app's permissions were created (auth and contenttypes connect first: they are listed first).
    """
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    post_migrate.connect(receiver, sender=last, dispatch_uid=dispatch_uid)
