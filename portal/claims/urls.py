"""Members' claim pages (under /fr/ and /ar/)."""

urlpatterns = []
