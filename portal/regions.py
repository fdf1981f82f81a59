"""A member's region: the core system's code for each of Morocco's twelve regions (the 2015 division).

Only the steering figures read it (adoption by region); the member pages never show it. Stored as the
core system's two-digit code, so that an export is read as it is; named with the regions of the
pensioners' associations directory (``cms.models.Region``), the one list of their names.
"""

from django.db import models

from cms.models import Region as Named


class Region(models.TextChoices):
    TANGER_TETOUAN_AL_HOCEIMA = "01", Named.TANGIER.label
    ORIENTAL = "02", Named.ORIENTAL.label
    FES_MEKNES = "03", Named.FES.label
    RABAT_SALE_KENITRA = "04", Named.RABAT.label
    BENI_MELLAL_KHENIFRA = "05", Named.BENI_MELLAL.label
    CASABLANCA_SETTAT = "06", Named.CASABLANCA.label
    MARRAKECH_SAFI = "07", Named.MARRAKESH.label
    DRAA_TAFILALET = "08", Named.DRAA.label
    SOUSS_MASSA = "09", Named.SOUSS.label
    GUELMIM_OUED_NOUN = "10", Named.GUELMIM.label
    LAAYOUNE_SAKIA_EL_HAMRA = "11", Named.LAAYOUNE.label
    DAKHLA_OUED_ED_DAHAB = "12", Named.DAKHLA.label
