"""Two hello-worlds, the ceilings of tests/bench/pages_load.py, served by gunicorn like the site:

    gunicorn tests.bench.hello_wsgi:bare    Django with no middleware, no database, one view
    gunicorn tests.bench.hello_wsgi:stack   the site's settings and whole middleware stack, and a view that
                                            renders nothing (``/bench-hello``; /healthz queries the database,
                                            and its details, from the machine itself, Elasticsearch and the queue)

``stack`` reads DJANGO_SETTINGS_MODULE like config.wsgi; each is loaded only when gunicorn asks for it.
"""

from django.http import HttpResponse
from django.urls import path


def hello(request):
    return HttpResponse("Hello, world", content_type="text/plain")


def __getattr__(name):
    # Module attributes made on first access: gunicorn imports the module, then asks for one application.
    if name == "bare":
        from django.conf import settings

        settings.configure(
            DEBUG=False, SECRET_KEY="bench-only", ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__, MIDDLEWARE=[]
        )
    elif name == "stack":
        import os

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
        import django

        django.setup()
        from config import urls

        # First, outside the language prefixes: nothing but the middleware runs before it.
        urls.urlpatterns.insert(0, path("bench-hello", hello))
    else:
        raise AttributeError(name)
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


urlpatterns = [path("", hello), path("bench-hello", hello)]  # ``bare``'s
