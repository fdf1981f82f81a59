"""The member's claims in the portal JSON API, under /api/portal/claims/."""

urlpatterns = []
