"""How the portal bends allauth to a public service (``ACCOUNT_ADAPTER``).

- **Where people land.** Staff go to the admin, members to "Mon espace" (which sends an account
  without a file on to linking one); an employer's HR officer without a file of their own to the
  partners' space; right after confirming the sign-up e-mail, to linking the file.
- **A fresh login counts as a fresh re-authentication.** allauth asks for the password again before
  any account-security change (``ACCOUNT_REAUTHENTICATION_REQUIRED``) unless the person typed it
  within ``ACCOUNT_REAUTHENTICATION_TIMEOUT``; a login with the password is such a proof, so a
  member or a staff member setting up a second factor right after logging in is not asked twice.
  Someone holding only a stolen session cookie never typed it and is asked.
- **E-mails greet with the fund's name** (``SITE_NAME``), never the host name, and each notice of
  an e-mail change goes to the address that was replaced or removed (or, for a newly confirmed
  second address, to the primary one), with a link that undoes the change for
  ``PORTAL_EMAIL_UNDO_DAYS`` days (portal/account_security.py).
"""

import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse

from portal import account_security
from portal.access import current_member
from portal.partners.access import officer_of

# The notices about an address that stops being the account's way in: sent to that address.
_ADDRESS_NOTICES = {
    "account/email/email_changed": ("from_email", "to_email"),
    "account/email/email_deleted": ("deleted_email", None),
    # A second verified address is enough to reset the password without ever becoming primary.
    "account/email/email_added": ("primary_email", "added_email"),
}


def _landing(request):
    user = request.user
    if user.is_staff:
        return reverse("wagtailadmin_home")
    member = current_member(request)
    if member is None and officer_of(user) is not None:
        # An employer's HR officer without a pension file of their own: their work is the partners' space.
        return reverse("partners:home")
    if member is None:
        return reverse("portal:enrol")
    return reverse("portal:dashboard")


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return _landing(request)

    def get_signup_redirect_url(self, request):
        # Reached when the confirmation link logs the new account in: the next step is the file.
        return _landing(request)

    def get_email_verification_redirect_url(self, email_address):
        if self.request.user.is_authenticated:
            return _landing(self.request)
        return super().get_email_verification_redirect_url(email_address)

    def confirm_email(self, request, email_address):
        confirmed = super().confirm_email(request, email_address)
        primary = (
            EmailAddress.objects.filter(user_id=email_address.user_id, primary=True)
            .exclude(pk=email_address.pk)
            .first()
        )
        if confirmed and primary is not None:
            self.send_notification_mail(
                "account/email/email_added",
                email_address.user,
                {"primary_email": primary.email, "added_email": email_address.email},
            )
        return confirmed

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        self._count_password_login_as_reauthentication(request, user)
        return response

    @staticmethod
    def _count_password_login_as_reauthentication(request, user):
        records = get_authentication_records(request, user)
        recent = time.time() - settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
        if any(record.get("method") == "password" and record.get("at", 0) >= recent for record in records):
            record_authentication(request, user, method="password", reauthenticated=True)

    def send_mail(self, template_prefix, email, context):
        super().send_mail(template_prefix, email, {"site_name": settings.WAGTAIL_SITE_NAME, **context})

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        context = dict(context or {})
        fields = _ADDRESS_NOTICES.get(template_prefix)
        if fields is not None:
            previous = context[fields[0]]
            current = context.get(fields[1]) if fields[1] else user.email
            context["undo_url"] = account_security.undo_url(user=user, previous=previous, current=current)
            context["undo_days"] = account_security.undo_days()
            # The replaced or removed address is the one the real owner still reads.
            email = previous
        super().send_notification_mail(template_prefix, user, context, email)
