"""Security settings and headers, measured on real responses."""

import subprocess
import sys
import time

import pytest
from django.urls import reverse

from apps.accounts.middleware import SESSION_SEEN, SESSION_STARTED
from tests.config.test_settings import ROOT, clean_env


def test_production_settings_pass_check_deploy():
    env = clean_env(
        DEBUG="false", SECRET_KEY="k" * 20 + "-Zq8#x!" * 8, ALLOWED_HOSTS="d.example.nl"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_secure_with_host_prefix():
    env = clean_env(DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="d.example.nl")
    code = (
        "import config.settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True"]


@pytest.mark.parametrize("url_name", ["accounts:login", "home", "cycle:placement"])
def test_every_kind_of_page_sends_the_security_headers(client, placement, mentor, url_name):
    if url_name != "accounts:login":
        client.force_login(mentor)
    args = [placement.pk] if url_name == "cycle:placement" else []
    response = client.get(reverse(url_name, args=args))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_authenticated_pages_are_not_stored(client, mentor):
    client.force_login(mentor)
    assert "no-store" in client.get(reverse("home"))["Cache-Control"]


def test_activity_renews_the_30_minute_idle_expiry(client, mentor):
    client.force_login(mentor)
    session = client.session
    session[SESSION_SEEN] = time.time() - 120
    session.save()
    response = client.get(reverse("home"))
    assert response.cookies["sessionid"]["max-age"] == 30 * 60


def test_session_ends_12_hours_after_login_however_active(client, mentor):
    client.force_login(mentor)
    session = client.session
    session[SESSION_STARTED] = time.time() - 12 * 60 * 60 - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert client.get(reverse("home")).url.startswith(reverse("accounts:login"))


def attempt(client, email, password, ip="10.1.2.3"):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def test_five_wrong_passwords_lock_the_account_from_that_address(client, mentor):
    for _ in range(5):
        attempt(client, mentor.email, "fout")
    response = attempt(client, mentor.email, "geheim-wachtwoord-1")
    assert response.status_code == 429
    assert "Probeer het over 15 minuten opnieuw" in response.content.decode()


def test_a_lockout_does_not_block_colleagues_at_the_same_address(client, mentor, schoolopleider):
    for _ in range(5):
        attempt(client, mentor.email, "fout")
    response = attempt(client, schoolopleider.email, "geheim-wachtwoord-1")
    assert response.status_code == 302


def test_the_lockout_ends_by_itself(client, mentor, settings):
    from axes.models import AccessAttempt

    for _ in range(5):
        attempt(client, mentor.email, "fout")
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time.replace(year=2000)
    )
    assert attempt(client, mentor.email, "geheim-wachtwoord-1").status_code == 302
