"""QR codes drawn into our PDFs as vector squares (segno computes the symbol; nothing is fetched or rasterised).

A phone camera opens the verification page with the code filled in, so whoever receives an
attestation checks it without typing 32 characters.
"""

import segno

_QUIET_ZONE = 4  # modules of white border the QR specification asks for


def draw(pdf, text, *, x, y, size):
    """Draw the QR code of ``text`` as a ``size`` mm square (quiet zone included) with its top-left at (x, y)."""
    # Level M survives a crease or a stain on a printed page (15 % of the symbol).
    symbol = segno.make(text, error="m", micro=False)
    rows = list(symbol.matrix_iter(scale=1, border=_QUIET_ZONE))
    module = size / len(rows)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for row_index, row in enumerate(rows):
        # One rectangle per run of dark modules: fewer drawing operations, no hairline gaps between squares.
        start = None
        for column, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                pdf.rect(x + start * module, y + row_index * module, (column - start) * module, module, style="F")
                start = None
    return symbol
