"""Morocco's twelve regions (the 2015 territorial division), by the code the core system gives them.

Only the steering figures read a member's region (adoption by region); the member pages never show it.
Values are stored as two-digit codes so that a renamed region keeps its figures.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    TANGER_TETOUAN_AL_HOCEIMA = "01", _("Tanger-Tétouan-Al Hoceïma")
    ORIENTAL = "02", _("L'Oriental")
    FES_MEKNES = "03", _("Fès-Meknès")
    RABAT_SALE_KENITRA = "04", _("Rabat-Salé-Kénitra")
    BENI_MELLAL_KHENIFRA = "05", _("Béni Mellal-Khénifra")
    CASABLANCA_SETTAT = "06", _("Casablanca-Settat")
    MARRAKECH_SAFI = "07", _("Marrakech-Safi")
    DRAA_TAFILALET = "08", _("Drâa-Tafilalet")
    SOUSS_MASSA = "09", _("Souss-Massa")
    GUELMIM_OUED_NOUN = "10", _("Guelmim-Oued Noun")
    LAAYOUNE_SAKIA_EL_HAMRA = "11", _("Laâyoune-Sakia El Hamra")
    DAKHLA_OUED_ED_DAHAB = "12", _("Dakhla-Oued Ed-Dahab")
