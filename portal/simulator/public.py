"""The public simulator: anyone, without an account, with their dates and salary; the same engine.

A POST form, so that a birth date and a salary never appear in an address (history, logs, a
shared link), and a ``no-store`` answer (``never_cache``) so that a shared computer keeps nothing.
Nothing is stored. The result block and its explanation are the member's (one include).

A simulation costs some computation and nothing else, so the budget per client address is
generous: enough for a family trying every date, not for a script.
"""

import logging

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.pension_rules import schedule
from portal.simulator import budget, situation
from portal.simulator.forms import PublicSimulationForm
from portal.simulator.views import result_context

logger = logging.getLogger(__name__)


def _refusal(request, form, wait):
    message = _("Too many simulations were made from your connection in the last hour. Please try again later.")
    response = render(
        request, "simulator/public.html", {"form": form, "groups": form.groups(), "throttled": message}, status=429
    )
    response["Retry-After"] = str(wait)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def public(request):
    try:
        return _public(request)
    except schedule.MissingRule:
        # A rule deleted in the admin: say so rather than fail (the fund sees it in the log).
        logger.exception("The pension rules are incomplete: the simulator cannot compute")
        return render(request, "simulator/public.html", {"unavailable": True}, status=503)


def _public(request):
    today = timezone.localdate()
    rules = schedule.load()
    if request.method != "POST":
        form = PublicSimulationForm(rules=rules, today=today)
        return render(request, "simulator/public.html", {"form": form, "groups": form.groups()})
    form = PublicSimulationForm(request.POST, rules=rules, today=today)
    context = {"form": form, "groups": form.groups()}
    if not form.is_valid():
        return render(request, "simulator/public.html", context, status=400)
    wait = budget.spend(request)
    if wait:
        return _refusal(request, form, wait)
    data = form.cleaned_data
    start = situation.from_cleaned(data, today=today)
    context.update(result_context(start, rules, data["retirement_date"]))
    return render(request, "simulator/public.html", context)
