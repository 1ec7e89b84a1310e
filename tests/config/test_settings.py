"""Settings come from the environment and fail loudly on a bad value."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = (
    "import config.settings as s; "
    "print(s.DATABASES['default']['ENGINE'], s.LANGUAGE_CODE, s.TIME_ZONE)"
)


def clean_env(**env: str) -> dict[str, str]:
    """This process's environment without Driehoek's own variables, plus `env`."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "DRIEHOEK_TESTING",
            "DATABASE_URL",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for the browser tests in this process only
        }
    }
    return {**clean, **env}


def load_settings(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            PRINT_SETTINGS,
        ],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = load_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_a_bad_boolean_fails_loudly():
    result = load_settings(DEBUG="misschien")
    assert "DEBUG must be true or false" in result.stderr


def test_a_bad_database_url_fails_loudly():
    result = load_settings(DEBUG="true", DATABASE_URL="mysql://x")
    assert "DATABASE_URL must start with" in result.stderr


def test_development_defaults_to_sqlite_in_dutch():
    result = load_settings(DEBUG="true")
    assert result.stdout.split() == ["django.db.backends.sqlite3", "nl", "Europe/Amsterdam"]


def test_postgres_url_selects_postgresql():
    result = load_settings(DEBUG="true", DATABASE_URL="postgres://postgres@127.0.0.1:5432/x")
    assert result.stdout.startswith("django.db.backends.postgresql")


def test_production_needs_allowed_hosts():
    result = load_settings(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="")
    assert "ALLOWED_HOSTS is required" in result.stderr


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    # JIT compilation cost 25-30 ms per dashboard query for queries that run in 3 ms.
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def mail_settings(**env: str) -> list[str]:
    code = "import config.settings as s; print(s.EMAIL_BACKEND, s.EMAIL_FILE_PATH)"
    blank = {"EMAIL_HOST": "", "EMAIL_BACKEND": "", "EMAIL_FILE_PATH": "", "DRIEHOEK_VAR_DIR": ""}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={k: v for k, v in clean_env(**{**blank, **env}).items() if v != ""},
        capture_output=True,
        text=True,
    )
    return result.stdout.split()


def test_development_mail_is_written_to_var_mail():
    backend, path = mail_settings(DEBUG="true")
    assert backend == "django.core.mail.backends.filebased.EmailBackend"
    assert Path(path) == ROOT / "var" / "mail"


def test_production_mail_goes_through_smtp_when_a_host_is_set():
    backend, _path = mail_settings(
        DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="driehoek.example.nl", EMAIL_HOST="smtp"
    )
    assert backend == "django.core.mail.backends.smtp.EmailBackend"


def tasks_backend(**env: str) -> subprocess.CompletedProcess:
    code = "import config.settings as s; print(s.TASKS['default']['BACKEND'])"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={k: v for k, v in clean_env(**{"TASKS_BACKEND": "", **env}).items() if v != ""},
        capture_output=True,
        text=True,
    )


def test_background_work_goes_to_the_database_worker_by_default():
    assert tasks_backend(DEBUG="true").stdout.strip() == "django_tasks_db.DatabaseBackend"


def test_a_bad_tasks_backend_fails_loudly():
    result = tasks_backend(DEBUG="true", TASKS_BACKEND="celery")
    assert "TASKS_BACKEND must be database, immediate or a dotted path" in result.stderr
