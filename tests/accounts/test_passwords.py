"""Passwords are stored with Argon2; a stored PBKDF2 hash is upgraded when its person logs in."""

import os
import subprocess
import sys
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.urls import reverse

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Zonnebloem-73-pad"


def production_hashers() -> list[str]:
    """PASSWORD_HASHERS as config.settings sets them outside the test suite."""
    env = {k: v for k, v in os.environ.items() if k not in {"DRIEHOEK_TESTING", "DEBUG"}}
    script = "import config.settings as s; print(','.join(s.PASSWORD_HASHERS))"
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, "DEBUG": "true"},
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip().split(",")


def test_argon2_comes_first_and_pbkdf2_is_still_read():
    hashers = production_hashers()
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in hashers


def test_a_pbkdf2_hash_becomes_argon2_at_login(client, settings, db):
    settings.PASSWORD_HASHERS = production_hashers()
    person = UserFactory(email="wendy@school.test")
    person.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    person.save(update_fields=["password"])
    response = client.post(
        reverse("accounts:login"), {"username": "wendy@school.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.password.startswith("argon2$")
    assert person.check_password(PASSWORD)
