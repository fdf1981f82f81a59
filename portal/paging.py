"""Pages of a long back-office queue whose total is counted up to a cap.

An exact COUNT(*) over hundreds of thousands of open claims or cases costs more than the page it
numbers, and nobody pages through more than a few hundred rows: the filters narrow a queue. So the
count stops at ``cap`` (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``, bounded whatever the table's size)
and the page says "more than N" beyond it; the pages past the cap are not offered.
"""

from functools import cached_property

from django.core.paginator import Paginator

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _counted(self):
        # Only the keys, unordered: the listing's joins and sort are not needed to count.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self):
        return min(self._counted, self.cap)

    @property
    def capped(self):
        """True when the queue holds more than ``cap`` items (then ``count`` is the cap)."""
        return self._counted > self.cap
