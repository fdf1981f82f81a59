"""Receivers: the case core's events that the partners' area answers."""

from django.dispatch import receiver

from portal.casework.signals import correction_asked


@receiver(correction_asked)
def tell_the_hr_service(sender, case, event, **kwargs):
    """The fund sent an employer's dossier back: its HR service's preparers are told."""
    from portal.partners import notifications

    if hasattr(case, "retirement_dossier"):
        notifications.correction_asked(case.retirement_dossier)
