"""The public search page (under /fr/ and /ar/)."""

from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("search/go/", views.click, name="click"),
    path("search/my-claims/", views.my_claims, name="my_claims"),
]
