"""Session limits, caching rules for pages with personal data, and the person's language."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

SESSION_STARTED = "driehoek_login_at"
SESSION_SEEN = "driehoek_seen_at"
# Renewing the idle expiry costs a session write; once a minute is precise enough.
RENEW_AFTER_SECONDS = 60


class SessionLifetimeMiddleware:
    """End a session 12 hours after login, however active it was, and after 30 minutes
    without a request (the session's expiry, renewed at most once a minute)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(SESSION_STARTED, now)
            if now - started > settings.SESSION_MAX_SECONDS:
                logout(request)
                messages.info(request, _("Je sessie is verlopen. Log opnieuw in."))
                return redirect(settings.LOGIN_URL)
            if now - request.session.get(SESSION_SEEN, 0) > RENEW_AFTER_SECONDS:
                request.session[SESSION_SEEN] = now
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


class UserLanguageMiddleware:
    """A logged-in person sees the language stored with them, on whatever device; without a
    stored choice the LocaleMiddleware's pick (cookie, then browser) stands. Runs after
    AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
