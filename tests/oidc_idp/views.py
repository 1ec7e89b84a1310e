"""The provider's own login page and two set-up endpoints the test session calls over HTTP
(the provider runs in another process, so tests cannot reach its database directly)."""

import json

from django.contrib.auth import authenticate, login
from django.contrib.auth.models import User
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from oidc_provider.models import Client, ResponseType

from tests.oidc_idp.models import Person


def login_view(request):
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    error = ""
    if request.method == "POST":
        user = authenticate(
            request,
            username=request.POST.get("username", ""),
            password=request.POST.get("password", ""),
        )
        if user is not None:
            login(request, user)
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
                next_url = "/"
            return HttpResponseRedirect(next_url)
        error = "Onbekende gebruiker of verkeerd wachtwoord."
    return render(request, "idp/login.html", {"next": next_url, "error": error})


def whoami(request):
    return HttpResponse(request.user.username if request.user.is_authenticated else "")


@csrf_exempt
def setup_person(request):
    data = json.loads(request.body)
    user, _ = User.objects.get_or_create(username=data["username"])
    user.set_password(data["password"])
    user.save()
    Person.objects.update_or_create(user=user, defaults={"claims": data.get("claims", {})})
    return JsonResponse({"sub": str(user.pk)})


@csrf_exempt
def setup_client(request):
    data = json.loads(request.body)
    client, _ = Client.objects.update_or_create(
        client_id=data["client_id"],
        defaults={
            "name": data["client_id"],
            "client_type": "confidential",
            "client_secret": data["client_secret"],
            "jwt_alg": "RS256",
            "require_consent": False,
            "reuse_consent": True,
            "_redirect_uris": "\n".join(data["redirect_uris"]),
            "_post_logout_redirect_uris": "\n".join(data.get("post_logout_redirect_uris", [])),
            "_scope": "",
        },
    )
    client.response_types.set(ResponseType.objects.filter(value="code"))
    return JsonResponse({"client_id": client.client_id})
