"""Who works for the fund: one definition, read by every rule that treats staff differently.

Accounts made in Wagtail's user administration are not ``is_staff``: they enter the admin through
the ``wagtailadmin.access_admin`` permission their groups give (claims agents, member services,
communications). Reading ``is_staff`` alone let such an agent skip the mandatory second factor,
be throttled like a member while answering claims, and be left out of the "who viewed my file"
page. ``is_staff`` is read first, so that a member's requests cost no permission query.
"""

ADMIN_ACCESS = "wagtailadmin.access_admin"


def works_for_the_fund(user):
    return bool(
        user is not None and user.is_authenticated and user.is_active and (user.is_staff or user.has_perm(ADMIN_ACCESS))
    )
