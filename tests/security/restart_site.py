"""Members with open sessions on the private database of test_database_restart.py.

    DATABASE_URL=… python -m tests.security.restart_site COUNT

Prints one session cookie per line (name=value), made the way Django's login makes them.
"""

import os
import sys


def main(count):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from tests.bench.run import sessions_for
    from tests.portal.claims.conftest import make_member, make_user

    users = [make_user(get_user_model(), f"restart-{i}@example.test") for i in range(int(count))]
    for user in users:
        make_member(user)
    for cookie in sessions_for(users):
        print(cookie)


if __name__ == "__main__":
    main(*sys.argv[1:])
