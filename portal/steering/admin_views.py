"""The steering dashboard in the Wagtail admin, and the CSV file of each of its tables.

Management (``permissions.VIEW``) and superusers only; anyone else gets 403. The page reads the
summary tables only (``portal.steering.read``), so it opens at once whatever the size of the fund;
it says when the figures were computed. There is no "refresh now" button: the periodic refresh
(``manage.py refresh_steering``, hourly) is the only writer, so every reader sees the same figures.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from portal.access import staff_permission_required

# Importing ``dashboard`` registers the core panels.
from portal.steering import charts, dashboard, panels, periods, permissions, read

# The panels' HTML is kept this long at most (a new refresh makes a new key before that).
PANELS_SECONDS = 2 * 3600


@dataclass(frozen=True)
class Cell:
    """A table cell as shown: its text, and ``ltr`` for figures and short dates (isolated in Arabic)."""

    text: str
    ltr: bool = False


def _cell(value):
    if value is None:
        return Cell("—")
    if isinstance(value, dashboard.Period):
        return Cell(value.label, ltr=value.unit != "month")
    if isinstance(value, int):
        return Cell(charts.number(value), ltr=True)
    if isinstance(value, float):
        return Cell(charts.number(value, 1), ltr=True)
    return Cell(str(value))


@dataclass
class Shown:
    """One block of a panel as the template reads it."""

    block: dashboard.Block
    rows: list

    @property
    def table(self):
        return self.block.table


@dataclass
class Section:
    panel: panels.Panel
    blocks: list


def _section(panel, today):
    built = panel.build(today=today)
    return Section(
        panel=panel,
        blocks=[
            Shown(block, [[_cell(value) for value in row] for row in block.table.rows]) for block in built["blocks"]
        ],
    )


def _panels_html(request, last, today):
    """The panels as HTML, built once per refresh, language and day: they change only when the refresh
    writes new figures (or the date moves the periods shown), and building them is most of the page's cost."""
    key = f"steering:panels:{last.pk}:{translation.get_language()}:{today.isoformat()}"
    html = cache.get(key)
    if html is None:
        sections = [_section(panel, today) for panel in panels.registered()]
        html = render_to_string("steering/admin/panels.html", {"sections": sections}, request=request)
        cache.set(key, html, PANELS_SECONDS)
    return mark_safe(html)


@staff_permission_required(permissions.VIEW)
def dashboard_page(request):
    last = read.last_refresh()
    today = periods.today()
    return render(
        request,
        "steering/admin/dashboard.html",
        {
            "computed_at": last.finished_at if last else None,
            "panels": _panels_html(request, last, today) if last else "",
        },
    )


def _find(slug, today):
    """The table ``slug`` of the panel it belongs to (its slug starts with the panel's), or 404."""
    for panel in panels.registered():
        if slug.startswith(f"{panel.slug}-"):
            for block in panel.build(today=today)["blocks"]:
                if block.table.slug == slug:
                    return block.table
    raise Http404


@staff_permission_required(permissions.VIEW)
def table_csv(request, slug):
    today = periods.today()
    table = _find(slug, today)
    response = HttpResponse(table.as_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{today.isoformat()}.csv"'
    response["Cache-Control"] = "no-store, private"
    return response
