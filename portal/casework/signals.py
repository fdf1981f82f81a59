"""What the case core tells the packages built on it, without knowing them.

``correction_asked``: an agent sent a request back to its sender for a correction (sent with
``case`` and ``event``, after the transaction commits); the partners' area tells the employer's
HR service.
"""

from django.dispatch import Signal

correction_asked = Signal()
