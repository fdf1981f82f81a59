"""Demo media made at load time (nothing is downloaded): news illustrations drawn with Pillow,
and the fund's forms as small PDFs made with fpdf2. Idempotent: found again by title.
"""

import io
import math
import random

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from fpdf import FPDF
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

WIDTH, HEIGHT = 1200, 675
PALETTES = [
    ((11, 79, 138), (36, 128, 196), (255, 191, 71)),
    ((20, 96, 80), (52, 150, 120), (250, 214, 120)),
    ((92, 45, 120), (150, 90, 170), (255, 205, 120)),
    ((150, 60, 30), (210, 120, 60), (255, 236, 190)),
]
WHITE = (255, 255, 255)


def _background(theme):
    rng = random.Random(theme)  # deterministic: the same theme always gives the same picture
    dark, light, accent = PALETTES[rng.randrange(len(PALETTES))]
    image = PILImage.new("RGB", (WIDTH, HEIGHT), dark)
    draw = ImageDraw.Draw(image)
    for y in range(HEIGHT):
        t = y / HEIGHT
        draw.line([(0, y), (WIDTH, y)], fill=tuple(int(lo + (hi - lo) * t) for lo, hi in zip(dark, light, strict=True)))
    for _ in range(6):
        r = rng.randint(60, 220)
        x, y = rng.randint(-50, WIDTH), rng.randint(-50, HEIGHT)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=tuple(min(255, c + 40) for c in light), width=6)
    return image, draw, accent, dark


def _person(draw, cx, base, scale, colour):
    head = 38 * scale
    draw.ellipse([cx - head, base - 260 * scale, cx + head, base - 260 * scale + 2 * head], fill=colour)
    draw.rounded_rectangle(
        [cx - 70 * scale, base - 170 * scale, cx + 70 * scale, base], radius=int(50 * scale), fill=colour
    )


def _pictogram(theme, draw, accent, dark):
    cx, cy = WIDTH // 2, HEIGHT // 2
    if theme in ("coins",):
        for i in range(5):
            for j in range(i + 1):
                x, y = cx - 300 + i * 130, cy + 170 - j * 45
                draw.ellipse([x - 60, y - 22, x + 60, y + 22], fill=accent, outline=dark, width=4)
    elif theme == "globe":
        draw.ellipse([cx - 220, cy - 220, cx + 220, cy + 220], outline=WHITE, width=12)
        draw.ellipse([cx - 100, cy - 220, cx + 100, cy + 220], outline=WHITE, width=8)
        draw.line([cx - 220, cy, cx + 220, cy], fill=WHITE, width=8)
        draw.rectangle([cx + 150, cy + 90, cx + 330, cy + 210], fill=accent, outline=dark, width=5)
        draw.line([cx + 150, cy + 90, cx + 240, cy + 160, cx + 330, cy + 90], fill=dark, width=5)
    elif theme in ("document", "book"):
        draw.rounded_rectangle([cx - 170, cy - 230, cx + 170, cy + 230], radius=18, fill=WHITE)
        for i in range(6):
            draw.line([cx - 120, cy - 150 + i * 50, cx + 120 - (i % 2) * 60, cy - 150 + i * 50], fill=dark, width=10)
        draw.ellipse([cx + 60, cy + 110, cx + 160, cy + 210], outline=accent, width=12)
    elif theme in ("calendar",):
        draw.rounded_rectangle([cx - 250, cy - 200, cx + 250, cy + 220], radius=20, fill=WHITE)
        draw.rectangle([cx - 250, cy - 200, cx + 250, cy - 110], fill=accent)
        for row in range(4):
            for col in range(6):
                x, y = cx - 200 + col * 80, cy - 70 + row * 70
                draw.rectangle([x, y, x + 44, y + 40], fill=dark)
        draw.ellipse([cx + 60, cy + 60, cx + 160, cy + 160], outline=accent, width=10)
    elif theme == "clock":
        draw.ellipse([cx - 220, cy - 220, cx + 220, cy + 220], fill=WHITE, outline=accent, width=14)
        for k in range(12):
            a = k * math.pi / 6
            draw.line(
                [cx + 180 * math.cos(a), cy + 180 * math.sin(a), cx + 200 * math.cos(a), cy + 200 * math.sin(a)],
                fill=dark,
                width=8,
            )
        draw.line([cx, cy, cx, cy - 150], fill=dark, width=14)
        draw.line([cx, cy, cx + 110, cy + 40], fill=dark, width=14)
    elif theme == "shield":
        draw.polygon(
            [
                (cx, cy - 240),
                (cx + 200, cy - 170),
                (cx + 170, cy + 90),
                (cx, cy + 240),
                (cx - 170, cy + 90),
                (cx - 200, cy - 170),
            ],
            fill=WHITE,
        )
        draw.line([cx - 90, cy, cx - 20, cy + 80, cx + 110, cy - 80], fill=accent, width=26)
    elif theme == "chart":
        for i, h in enumerate((140, 220, 180, 300, 380)):
            x = cx - 300 + i * 130
            draw.rectangle([x, cy + 220 - h, x + 90, cy + 220], fill=WHITE if i < 4 else accent)
        draw.line([cx - 330, cy + 225, cx + 330, cy + 225], fill=WHITE, width=8)
    elif theme == "card":
        draw.rounded_rectangle([cx - 300, cy - 180, cx + 300, cy + 180], radius=30, fill=WHITE)
        draw.rectangle([cx - 300, cy - 110, cx + 300, cy - 50], fill=dark)
        draw.rounded_rectangle([cx - 240, cy + 10, cx - 120, cy + 90], radius=12, fill=accent)
    elif theme == "building":
        draw.polygon([(cx - 300, cy - 120), (cx, cy - 260), (cx + 300, cy - 120)], fill=WHITE)
        for i in range(5):
            x = cx - 250 + i * 115
            draw.rectangle([x, cy - 90, x + 50, cy + 170], fill=WHITE)
        draw.rectangle([cx - 320, cy + 180, cx + 320, cy + 230], fill=accent)
    elif theme in ("people", "family"):
        _person(draw, cx - 200, cy + 230, 1.0, WHITE)
        _person(draw, cx + 200, cy + 230, 1.0, WHITE)
        _person(draw, cx, cy + 230, 0.75 if theme == "family" else 1.1, accent)
    elif theme == "phone":
        draw.rounded_rectangle([cx - 140, cy - 250, cx + 140, cy + 250], radius=40, fill=WHITE)
        draw.rectangle([cx - 110, cy - 190, cx + 110, cy + 170], fill=dark)
        for k in range(3):
            draw.arc(
                [cx + 100 + k * 50, cy - 200 - k * 50, cx + 220 + k * 100, cy - 80 + k * 50],
                300,
                60,
                fill=accent,
                width=10,
            )
    else:  # screen
        draw.rounded_rectangle([cx - 320, cy - 220, cx + 320, cy + 150], radius=20, fill=WHITE)
        draw.rectangle([cx - 290, cy - 190, cx + 290, cy + 120], fill=dark)
        draw.rectangle([cx - 60, cy + 150, cx + 60, cy + 210], fill=WHITE)
        for i, w in enumerate((420, 300, 360)):
            draw.rectangle(
                [cx - 250, cy - 150 + i * 80, cx - 250 + w, cy - 110 + i * 80], fill=accent if i == 0 else WHITE
            )


def illustration_png(theme):
    image, draw, accent, dark = _background(theme)
    _pictogram(theme, draw, accent, dark)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def ensure_image(theme, title):
    model = get_image_model()
    image = model.objects.filter(title=title).first()
    if image is None:
        image = model(title=title)
        image.file = ImageFile(io.BytesIO(illustration_png(theme)), name=f"illustration-{theme}.png")
        image.save()
    return image


def form_pdf(title, fields):
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    # The core PDF fonts are Latin-1: the form is printed in French, its Arabic title lives in the document's title.
    french_title = title.split(" / ")[0].replace("–", "-")
    pdf.multi_cell(0, 8, "Caisse de retraite des fonctionnaires", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 8, french_title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", "", 11)
    for field in fields:
        pdf.cell(0, 8, f"{field} :", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 6, "." * 110, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.ln(4)
    pdf.set_font("Helvetica", "I", 9)
    pdf.multi_cell(
        0,
        5,
        "Toute fausse déclaration expose à la suspension des prestations "
        "et au remboursement des sommes indûment perçues.",
    )
    return bytes(pdf.output())


def ensure_form(slug, title, fields):
    model = get_document_model()
    document = model.objects.filter(title=title).first()
    if document is None:
        document = model(title=title)
        document.file.save(f"{slug}.pdf", ContentFile(form_pdf(title, fields)), save=False)
        document.save()
    return document
