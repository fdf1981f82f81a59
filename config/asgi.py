import os

from django.core.asgi import get_asgi_application

from config.startup import ready_to_serve, run_guarded

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
application = run_guarded(ready_to_serve, get_asgi_application)
