"""The simulators' JSON answer, and the public simulator's endpoint (POST /api/simulator/).

Both simulators answer with the same three scenarios: the pension at the legal date, at the
earliest date the service allows, and at the date asked for. The member's endpoint (GET
/api/portal/simulation/, ``portal.api``) starts from the file; this one from what a visitor typed,
with no account and nothing stored (a POST, so that a birth date and a salary stay out of URLs
and logs).

The public endpoint is open to anyone, so each address gets a budget of estimates an hour
(``config.throttle.count``, as the other public forms); only a valid question is counted, a typing
mistake costs nothing.
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from config.schema import ErrorSerializer
from config.security import NO_STORE
from portal.pension_rules import schedule
from portal.simulator import budget, engine, explain, situation
from portal.simulator.serializers import PublicQuerySerializer, SimulationSerializer


def _scenario(estimate, rules, earliest):
    fields = {name: getattr(estimate, name) for name in engine.Estimate.__dataclass_fields__}
    # The same sentence as the pages' (why this date pays nothing, and what would).
    why_not = explain.no_pension(estimate, rules, earliest=earliest)
    return {**fields, "reason_label": why_not.text if why_not else ""}


def simulation(facts, rules, *, chosen=None, notice):
    """The answer of both endpoints: the three scenarios of ``facts`` (an ``engine.Situation``)."""
    legal = engine.legal_date(facts.birth_date, rules)
    career = engine.Career(facts, legal)
    earliest = engine.earliest_date(facts, rules, career=career)
    scenarios = {
        "legal": _scenario(engine.estimate(facts, rules, legal, career=career), rules, earliest),
        "earliest": _scenario(engine.estimate(facts, rules, earliest, career=career), rules, earliest),
        "chosen": _scenario(engine.estimate(facts, rules, chosen, career=career), rules, earliest) if chosen else None,
    }
    return {
        "estimate_only": True,
        "notice": notice,
        "today": facts.today,
        "growth": Decimal(facts.growth),
        "legal_date": legal,
        "earliest_date": earliest,
        "scenarios": scenarios,
    }


def _refusal(wait):
    minutes = max(1, -(-wait // 60))
    message = ngettext(
        "Too many estimates were asked from your connection. Please try again in %(minutes)d minute.",
        "Too many estimates were asked from your connection. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    return Response({"detail": message}, status=429, headers={"Retry-After": str(wait)})


class PublicEstimate(APIView):
    """Estimate a civil-service pension from a birth date, a start of service and today's salary."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["Simulator"],
        request=PublicQuerySerializer,
        responses={
            200: SimulationSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Field name to a list of messages"),
            429: OpenApiResponse(ErrorSerializer, description="Too many estimates from this address this hour"),
        },
    )
    def post(self, request):
        today = timezone.localdate()
        rules = schedule.load()
        query = PublicQuerySerializer(data=request.data, context={"today": today, "rules": rules})
        query.is_valid(raise_exception=True)
        data = query.validated_data
        wait = budget.spend(request)
        if wait:
            return _refusal(wait)
        facts = situation.from_cleaned(data, today=today)
        notice = _(
            "An estimate from the dates and the salary you gave and the rules in force today, not a decision: "
            "the fund computes the pension from your file when you retire."
        )
        answer = simulation(facts, rules, chosen=data.get("retirement_date"), notice=notice)
        response = Response(SimulationSerializer(answer).data)
        # A birth date and a salary: never kept by a cache (the middleware leaves a visitor's answers alone).
        response["Cache-Control"] = NO_STORE
        return response
