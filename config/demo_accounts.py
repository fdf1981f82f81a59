"""Demo accounts for trying the site (never used by production data).

Each account gets a verified e-mail address, since allauth requires
verification before login.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

DEMO_PASSWORD = "Demo-Portail-2026!"


def ensure_user(email, *, groups=(), is_staff=False, is_superuser=False, first_name="", last_name=""):
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(username=email, defaults={"email": email})
    user.email = email
    user.first_name, user.last_name = first_name, last_name
    user.is_staff, user.is_superuser = is_staff, is_superuser
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups])
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user
