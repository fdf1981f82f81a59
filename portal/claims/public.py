"""The claims' transparency page moved to the fund's figures (/<lang>/transparency/, ``portal.steering``),
which show claims with the requests, by channel and service level: its old address sends there for good."""

from django.shortcuts import redirect
from django.views.decorators.http import require_safe


@require_safe
def transparency(request):
    return redirect("steering:open_data", permanent=True)
