"""The one gate of every personal JSON API (portal, claims, requests, search's member endpoints).

Session authentication with CSRF (DRF's defaults in the settings). An anonymous caller gets 403.
``AccountAPIView``: any signed-in account (a widow following her survivor's pension has no file
of her own); its views start every queryset from the account (``Case.objects.visible_to``).
``MemberAPIView``: an account not linked to a member file gets 403 with a clear message; a view
then reads ``self.member`` and starts every queryset from it. Either way another person's object
is a 404. The permission only reads: the member is looked up by the view, once.
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions
from rest_framework.views import APIView

from portal.access import member_of


class IsEnrolledMember(permissions.BasePermission):
    message = _("This account is not linked to a member file yet.")

    def has_permission(self, request, view):
        return view.member is not None


class AccountAPIView(APIView):
    """Base class of every personal API view: a signed-in account; ``self.member`` is its file or None."""

    permission_classes = [permissions.IsAuthenticated]

    @cached_property
    def member(self):
        return member_of(self.request.user)


class MemberAPIView(AccountAPIView):
    """A view of the caller's own member file: ``self.member`` is that file (required)."""

    permission_classes = [permissions.IsAuthenticated, IsEnrolledMember]
