"""Session limits and caching rules for pages with personal data."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers, patch_cache_control

SESSION_STARTED = "driehoek_login_at"


class SessionLifetimeMiddleware:
    """End a session 12 hours after login, however active it was (idle expiry is the
    session cookie's own 30 minutes, renewed on every request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.setdefault(SESSION_STARTED, time.time())
            if time.time() - started > settings.SESSION_MAX_SECONDS:
                logout(request)
                messages.info(request, "Je sessie is verlopen. Log opnieuw in.")
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class NoStoreForAuthenticatedMiddleware:
    """Pages seen by a logged-in person are never stored by browsers or proxies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
