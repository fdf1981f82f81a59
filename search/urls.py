"""The public search page (under /fr/ and /ar/)."""

urlpatterns = []
