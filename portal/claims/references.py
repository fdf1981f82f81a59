"""Claim references, REC-YYYY-NNNNNN (the numbering is ``portal.references``)."""

from portal import references

PREFIX = "REC"


def format_reference(year, number):
    return references.format_reference(PREFIX, year, number)


def next_reference(now=None):
    """Allocate the next claim reference; must run inside the transaction that saves the claim."""
    from portal.claims.models import ReferenceCounter

    return references.next_reference(ReferenceCounter, PREFIX, now)
