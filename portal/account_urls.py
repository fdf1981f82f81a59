"""Account pages of ours that take the place of allauth's own (included before allauth.urls)."""

from django.urls import path

from portal.views import account

urlpatterns = [
    # Ending sessions asks for the password first, like every other account-security change.
    path("accounts/sessions/", account.sessions, name="usersessions_list"),
]
