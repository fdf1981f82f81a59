"""The member JSON API at /api/portal/."""

urlpatterns = []
