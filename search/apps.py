from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        # search listens to cms and portal; they never import search.
        from search import promoted, signals, synonyms  # noqa: F401  (promoted and synonyms connect their caches)

        signals.connect()
