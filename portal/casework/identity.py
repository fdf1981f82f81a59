"""Finding the member file a death report or a survivor's application is about.

A file is matched only when the national ID *and* the birth date agree (and the affiliation or
pension number too, when one was given): a name alone never matches. Whether a file was found
is never told to the person who reported: the public answer is the same either way, so the
form cannot be used to learn who is a member. An agent matches by hand what was not found.
"""

import datetime

from django.db.models import Q

from portal.models import Member


def find_member(deceased):
    """The Member for a DeceasedForm's stored answers, or None."""
    national_id = (deceased.get("national_id") or "").upper()
    try:
        birth_date = datetime.date.fromisoformat(deceased.get("birth_date") or "")
    except ValueError:
        return None
    if not national_id:
        return None
    candidates = Member.objects.filter(national_id__iexact=national_id, birth_date=birth_date)
    identifier = (deceased.get("identifier") or "").upper()
    if identifier:
        candidates = candidates.filter(Q(affiliation_number=identifier) | Q(pension_number=identifier))
    matches = list(candidates[:2])
    return matches[0] if len(matches) == 1 else None
