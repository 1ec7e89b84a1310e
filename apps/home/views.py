from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from apps.accounts.models import Role
from apps.calibration.exemplars.access import may_read_bank
from apps.calibration.exemplars.selectors import consent_requests_for
from apps.home import dashboards


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The first page after login: my roles, then one dashboard per role I hold (the rules and
    queries are in `apps.home.dashboards`)."""
    user = request.user
    consents = (
        consent_requests_for(user)
        if user.has_role(Role.STUDENT) or user.has_role(Role.WERKPLEKBEGELEIDER)
        else []
    )
    context = {
        "roles": dashboards.role_labels(user),
        "sections": dashboards.dashboards_for(user, timezone.localdate(), request.GET),
        # Kalibreren: the consent requests of a student or mentor, the bank for its readers.
        "exemplar_consents": consents,
        "exemplar_consents_open": sum(1 for r in consents if r.window.open),
        "exemplar_bank": may_read_bank(user),
    }
    return render(request, "home/home.html", context)
