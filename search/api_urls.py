"""The search JSON API at /api/search/."""

urlpatterns = []
