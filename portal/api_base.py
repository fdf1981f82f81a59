"""The one gate of every member JSON API (portal, claims, search's member endpoints).

Session authentication with CSRF (DRF's defaults in the settings). An anonymous caller
gets 403 and an account not linked to a member file gets 403 with a clear message; a view
then reads ``self.member`` and starts every queryset from it, so another member's object
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


class MemberAPIView(APIView):
    """Base class of every member API view: ``self.member`` is the caller's own file."""

    permission_classes = [permissions.IsAuthenticated, IsEnrolledMember]

    @cached_property
    def member(self):
        return member_of(self.request.user)
