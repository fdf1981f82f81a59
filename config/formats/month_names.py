"""The month names, in the project's own catalogue, so that one calendar vocabulary is used everywhere.

Django's Arabic catalogue names the months as in the Mashriq (ديسمبر, أغسطس…); Moroccan readers and
the fund's own content use يناير، فبراير، مارس، أبريل، ماي، يونيو، يوليوز، غشت، شتنبر، أكتوبر،
نونبر، دجنبر. Translations in LOCALE_PATHS take precedence over Django's, so listing the very msgids
Django uses (django.utils.dates: MONTHS for the "F" format, MONTHS_ALT for "E") puts these names
into every date the site shows: templates, PDFs, the admin. Nothing imports this module: it exists
for `makemessages`, which extracts the msgids below into locale/*/LC_MESSAGES/django.po.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MONTHS = (
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)
MONTHS_ALT = (  # the same names, in the context Django uses for the "E" (genitive) format
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
