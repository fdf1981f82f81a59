"""Member-facing pages of the portal (under /fr/ and /ar/)."""

app_name = "portal"
urlpatterns = []
