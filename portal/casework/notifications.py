"""What the applicant is told, and when: queued in the caller's transaction (``config.tasks``).

The e-mails say only that something happened and link to the request: what the request holds
stays behind the login. A public death report gets no e-mail (the address typed on a public form
is not verified; the agent calls or writes back).
"""

from config.tasks import enqueue_with_transaction
from portal.casework.tasks import send_case_email


def _queue(case, kind):
    if case.applicant_id is not None or case.member_id is not None:
        enqueue_with_transaction(send_case_email, case.pk, kind)


def submitted(case):
    _queue(case, "submitted")


def documents_requested(case):
    _queue(case, "documents_requested")


def decided(case):
    _queue(case, "decided")
