"""A figure table: what every chart of the dashboard and of the public figures is followed by, and
what its CSV export holds (the same rows, so that the chart, the table and the file never disagree)."""

import csv
import io
from dataclasses import dataclass, field

BOM = "\ufeff"  # spreadsheet programs read the CSV as UTF-8 (Arabic labels) only with it
# A text cell starting with one of these is run as a formula by spreadsheet programs (a search typed
# as "=HYPERLINK(…)"): it is written with a leading apostrophe, which keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass
class Table:
    slug: str  # the CSV's file name and the table's id
    caption: str
    columns: list  # header labels
    rows: list = field(default_factory=list)  # lists of cells: str, int, float, None (no figure) or Hidden

    def as_csv(self):
        out = io.StringIO()
        out.write(BOM)
        writer = csv.writer(out)
        writer.writerow([str(column) for column in self.columns])
        writer.writerows([_csv_cell(cell) for cell in row] for row in self.rows)
        return out.getvalue().encode("utf-8")


def _csv_cell(cell):
    if cell is None:
        return ""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return f"'{cell}"
    return str(cell)
