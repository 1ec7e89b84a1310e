"""Load for `make bench`: the four dashboards, the form view, a form save, a sent form's PDF,
a first PDF render, and the smallest logged-in page as the ceiling. Ids come from run.py."""

import itertools
import json
import os
import re

from locust import HttpUser, between, task

# A busy person clicks about once a second; one of the users sends forms, so that a first
# PDF render happens every few seconds (each sent form is rendered once, then stored).
THINK = between(0.5, 1.5)

IDS = json.loads(os.environ["BENCH_IDS"])
LOCK = re.compile(r'name="lock_version" value="(\d+)"')
ENTRY = re.compile(r'name="(e\d+)-feedback"')
FEEDBACK = "In de les van dinsdag zag ik dat je de regels herhaalde en consequent ingreep."
mentor_numbers = itertools.count()


def log_in(user: HttpUser) -> None:
    user.client.get("/accounts/inloggen/", name="login page")
    token = user.client.cookies.get("csrftoken")
    user.client.post(
        "/accounts/inloggen/",
        {"username": user.email, "password": "bench", "csrfmiddlewaretoken": token},
        headers={"Referer": user.host + "/accounts/inloggen/"},
        name="login",
    )


class Persona(HttpUser):
    abstract = True
    wait_time = THINK
    email = ""

    def on_start(self) -> None:
        log_in(self)

    @task(3)
    def ceiling(self) -> None:
        self.client.get("/ping/", name="ceiling: minimal logged-in view")


class Student(Persona):
    email = IDS["student"]

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard student")


class SchoolOpleider(Persona):
    email = IDS["so"]

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard schoolopleider")


class InstituutsOpleider(Persona):
    email = IDS["io"]

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard instituutsopleider")

    @task(2)
    def sent_pdf(self) -> None:
        self.client.get(f"/formulieren/{IDS['sent_version']}/pdf/", name="sent form PDF (stored)")


def first_render(user: HttpUser) -> None:
    user.client.get(
        f"/formulieren/{IDS['draft_version']}/pdf/", name="PDF first render (eindbeoordeling)"
    )


class FormSender(HttpUser):
    """One user whose forms are being sent: a full eindbeoordeling rendered from scratch (an
    unsent version is never stored, so every request is a first render). Not a Persona: it
    would inherit the ceiling task."""

    fixed_count = 1
    email = IDS["io"]
    wait_time = between(2, 4)
    tasks = [first_render]

    def on_start(self) -> None:
        log_in(self)


class Mentor(Persona):
    """Each mentor user works on a form of their own, as in real life."""

    def on_start(self) -> None:
        n = next(mentor_numbers) % len(IDS["mentors"])
        self.email, self.version = IDS["mentors"][n]
        super().on_start()

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard werkplekbegeleider")

    @task(3)
    def form_view(self) -> None:
        self.client.get(f"/formulieren/{self.version}/", name="form view")

    @task(2)
    def form_save(self) -> None:
        page = self.client.get(f"/formulieren/{self.version}/", name="form view")
        match = LOCK.search(page.text)
        if not match:
            return
        data = {
            "lock_version": match.group(1),
            "csrfmiddlewaretoken": self.client.cookies.get("csrftoken"),
        }
        for prefix in set(ENTRY.findall(page.text)):
            data[f"{prefix}-feedback"] = FEEDBACK
            data[f"{prefix}-feed_forward"] = "Volgende stap: korter instrueren."
        self.client.post(
            f"/formulieren/{self.version}/feedback/",
            data,
            headers={"Referer": f"{self.host}/formulieren/{self.version}/"},
            name="form save",
        )
