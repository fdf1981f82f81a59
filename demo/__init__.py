"""The demo: everything `make run` loads to try the site, in one place (`manage.py load_demo`).

Production packages hold no demo code. Each module here feeds fixtures/ through the real loaders:
the core-system importers for member files, Wagtail's page API for pages, the claims services for
claims, the synonym model editors use. Never load the demo into a production database.
"""
