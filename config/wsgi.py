import os

from django.core.wsgi import get_wsgi_application

from config.startup import ready_to_serve, run_guarded

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
application = run_guarded(ready_to_serve, get_wsgi_application)
