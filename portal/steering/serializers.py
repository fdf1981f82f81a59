"""The open-data API's JSON: the public tables (``portal.steering.public``) as data.

A table has columns (a key in no language and a header in the request's language) and rows; a row
has a key in no language (its month "2026-11", or its population) and two parallel lists: the
values, and why a value is missing. A value is null either because there is no figure (nothing to
count: ``suppressed`` is null there too) or because it is not published (``suppressed`` says why).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.steering.public import BELOW_MINIMUM, HIDDEN

SUPPRESSED = {
    BELOW_MINIMUM: "a count of at least 1 but fewer than `minimum`",
    HIDDEN: "hidden so that a small count cannot be worked out from it, or a median or share over too few people",
}


@extend_schema_field(
    {
        "anyOf": [{"type": "string"}, {"type": "number"}],
        "nullable": True,
        "description": "The month (2026-11) or the population's name in the first column; then counts, "
        "days (median, one decimal) or percentages (one decimal); null when there is no figure or it is "
        "suppressed",
    }
)
class ValueField(serializers.Field):
    def to_representation(self, value):
        if value is None or isinstance(value, int | float):
            return value
        return str(value)


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The column in no language, e.g. online, total, claims_median_days")
    label = serializers.CharField(help_text="The column's header, in the request's language")
    kind = serializers.ChoiceField(
        choices=["label", "month", "count", "days", "percent"], help_text="What the column's values are"
    )


class RowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The row in no language: its month (2026-11) or population (retired, all…)")
    values = serializers.ListField(child=ValueField(), help_text="One value per column")
    suppressed = serializers.ListField(
        child=serializers.ChoiceField(choices=list(SUPPRESSED.items()), allow_null=True),
        help_text="One entry per column: null when the value is published (or there is no figure), "
        + "; ".join(f"{code}: {meaning}" for code, meaning in SUPPRESSED.items()),
    )


class TableSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="The table's name, also its CSV's: /api/open-data/<slug>.csv")
    title = serializers.CharField()
    caption = serializers.CharField()
    csv = serializers.CharField(help_text="The address of the same table as CSV, in the same language")
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True, help_text="Newest month first; empty before the figures are first computed")


class FiguresSerializer(serializers.Serializer):
    language = serializers.CharField(help_text="The language of the labels: fr or ar")
    computed_at = serializers.DateTimeField(allow_null=True, help_text="When the figures were computed")
    minimum = serializers.IntegerField(help_text="No published count is between 1 and this number minus one")
    tables = TableSerializer(many=True)
