"""Start the test identity provider in its own process for the test session.

`TestIdP` migrates a fresh database, makes an RSA signing key, runs Django's development server
on a free port and offers `person()` and `client()` to register users and relying parties over
HTTP. The provider is django-oidc-provider from PyPI: discovery, authorize, token, userinfo,
JWKS and end-session are its code, not ours.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TestIdP:
    __test__ = False  # not a test class

    def __init__(self, directory: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.issuer = f"{self.url}/openid"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.oidc_idp.settings",
            "IDP_PORT": str(self.port),
            "IDP_DIR": str(directory),
            "PYTHONPATH": str(ROOT),
        }
        self.process: subprocess.Popen | None = None
        self.log = directory / "idp.log"

    def _manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "django", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
        )

    def start(self) -> "TestIdP":
        self._manage("migrate", "--run-syncdb", "--verbosity", "0")
        self._manage("creatersakey")
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "django",
                    "runserver",
                    f"127.0.0.1:{self.port}",
                    "--noreload",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=1)
                return self
            except requests.ConnectionError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the test identity provider did not start; see {self.log}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def person(self, username: str, password: str = "idp-wachtwoord", **claims) -> str:
        """Register (or update) a user of the provider; returns their `sub`."""
        response = requests.post(
            f"{self.url}/setup/person/",
            json={"username": username, "password": password, "claims": claims},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()["sub"]

    def client(self, client_id: str, secret: str, redirect_uris, post_logout_redirect_uris=()):
        response = requests.post(
            f"{self.url}/setup/client/",
            json={
                "client_id": client_id,
                "client_secret": secret,
                "redirect_uris": list(redirect_uris),
                "post_logout_redirect_uris": list(post_logout_redirect_uris),
            },
            timeout=10,
        )
        response.raise_for_status()
