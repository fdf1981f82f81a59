"""Checks on uploaded images, on top of Wagtail's own (format, file size, pixel count).

Wagtail already refuses a file that is not a JPEG/PNG/WebP (by extension and
by content), one larger than WAGTAILIMAGES_MAX_UPLOAD_SIZE and one with more
than WAGTAILIMAGES_MAX_IMAGE_PIXELS. What it cannot know is that our
templates need a minimum size for their renditions (a 200-pixel image
stretched over a 1280-pixel srcset looks broken) and that a very elongated
image cannot fill our 16:9 frames. Wired with WAGTAILIMAGES_IMAGE_FORM_BASE,
so the single and the multiple upload views both use it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm

MIN_WIDTH = 640
MIN_HEIGHT = 360
MAX_SIDE = 8000
MAX_RATIO = 4


def check_dimensions(width, height):
    """Raise a ValidationError with a clear message when the image's size does not suit the site."""
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        raise ValidationError(
            _(
                "This image is %(width)s × %(height)s pixels: it must be at least %(min_width)s × %(min_height)s "
                "pixels so that it stays sharp on large screens."
            ),
            code="image_too_small",
            params={"width": width, "height": height, "min_width": MIN_WIDTH, "min_height": MIN_HEIGHT},
        )
    if max(width, height) > MAX_SIDE:
        raise ValidationError(
            _("This image is %(width)s × %(height)s pixels: no side may exceed %(max_side)s pixels."),
            code="image_too_large",
            params={"width": width, "height": height, "max_side": MAX_SIDE},
        )
    if max(width, height) > MAX_RATIO * min(width, height):
        raise ValidationError(
            _(
                "This image is too elongated (%(width)s × %(height)s pixels): "
                "one side may be at most %(ratio)s times the other."
            ),
            code="image_bad_ratio",
            params={"width": width, "height": height, "ratio": MAX_RATIO},
        )


class ImageForm(BaseImageForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        # `image` is set by Wagtail's field on a newly uploaded file only (not when the file is unchanged).
        image = getattr(file, "image", None)
        if image is not None:
            width, height = image.get_size()
            check_dimensions(width, height)
        return file
