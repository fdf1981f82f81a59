"""The search JSON API at /api/search/."""

from django.urls import path

from search import api

urlpatterns = [
    path("", api.search, name="api-search"),
    path("autocomplete/", api.autocomplete, name="api-search-autocomplete"),
    path("my-claims/", api.my_claims, name="api-search-my-claims"),
]
