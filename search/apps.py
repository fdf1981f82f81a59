from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        # search listens to cms and portal; they never import search.
        from search import signals, synonyms  # noqa: F401  (synonyms connects its cache invalidation)

        signals.connect()
