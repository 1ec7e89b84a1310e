"""One access matrix: every URL name × role × relation × method → expected status.

It walks the URL configuration and fails when a URL has no row, so a new screen cannot ship
without deciding who may reach it. A URL whose access differs by what it names (evidence on a
lesson observation) has a second row: "name#what". Relations: the people of `placement` (own), a
werkplekbegeleider of another placement at the same school, and one at another school.
An outsider always gets 404 for objects of a placement that is not theirs; someone who may
see but not change gets 403.
"""

import shutil
import tempfile
import time
from pathlib import Path

import pytest
from allauth.socialaccount.models import SocialAccount
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from apps.accounts.models import Role
from tests.factories import (
    LearningOutcomeFactory,
    StudentProfileFactory,
    UserFactory,
    make_placement,
    make_rubric,
)

ROLES = [
    "anonymous",
    "student",
    "mentor",
    "schoolopleider",
    "instituutsopleider",
    "same_school",
    "other_school",
    "admin",
    "examencommissie",
]
LOGIN = 302  # anonymous visitors are sent to the login page


def expect(**statuses) -> dict[str, int]:
    """Expected status per role; `rest` fills the roles not named. The examencommissie is an
    outsider to every placement: unless named, it gets what a mentor at another school gets."""
    rest = statuses.pop("rest", None)
    table = {role: statuses.get(role, rest) for role in ROLES}
    if "examencommissie" not in statuses:
        table["examencommissie"] = table["other_school"]
    table["anonymous"] = statuses.get("anonymous", LOGIN)
    assert None not in table.values(), statuses
    return table


OWN = dict(student=200, mentor=200, schoolopleider=200, instituutsopleider=200, admin=200)
OUTSIDERS = dict(same_school=404, other_school=404)
READ = expect(**OWN, **OUTSIDERS)
STAFF_ONLY = expect(student=403, admin=403, examencommissie=403, rest=200)
BANK_READERS = dict(admin=200, instituutsopleider=200, schoolopleider=200, examencommissie=200)
BANK_MANAGERS_GET = dict(admin=200, instituutsopleider=200, schoolopleider=403, examencommissie=403)
BANK_MANAGERS_POST = dict(
    admin=400, instituutsopleider=400, schoolopleider=403, examencommissie=403
)

# url name -> (argument builder, {method: expected statuses}). POSTs carry no valid data:
# they test who reaches the view, not the behaviour behind it.
MATRIX = {
    "home": (None, {"GET": expect(rest=200)}),
    "notifications": (None, {"GET": expect(rest=200)}),
    "ping": (None, {"GET": expect(rest=200)}),
    "accounts:login": (None, {"GET": expect(anonymous=200, rest=302)}),
    "accounts:logout": (None, {"POST": expect(anonymous=302, rest=302)}),
    "accounts:password_reset": (None, {"GET": expect(anonymous=200, rest=200)}),
    "accounts:password_reset_done": (None, {"GET": expect(anonymous=200, rest=200)}),
    "accounts:password_reset_confirm": (
        lambda o: ["MQ", "set-password"],
        {"GET": expect(anonymous=200, rest=200)},
    ),
    "accounts:password_reset_complete": (None, {"GET": expect(anonymous=200, rest=200)}),
    # Invitations. The accept page is public; a link that no longer works (here: unknown) is
    # one page for everyone (200), telling nothing about the person. Only the praktijkbureau
    # lists who cannot log in yet and sends new links; for anyone else the pages do not exist.
    "accounts:invitation_accept": (
        lambda o: ["onbekend-token"],
        {"GET": expect(anonymous=200, rest=200), "POST": expect(anonymous=200, rest=200)},
    ),
    "accounts:invitations": (None, {"GET": expect(admin=200, rest=404)}),
    # Kalibreren: the disagreement map and the agreement dashboard are aggregates for the
    # praktijkbureau, the examencommissie, the instituutsopleiders and (their own schools) the
    # schoolopleiders; for students and werkplekbegeleiders they do not exist.
    **{
        name: (
            None,
            {
                "GET": expect(
                    admin=200,
                    examencommissie=200,
                    instituutsopleider=200,
                    schoolopleider=200,
                    rest=404,
                )
            },
        )
        for name in (
            "calibration:insight_map",
            "calibration:insight_map_csv",
            "calibration:insight_dashboard",
            "calibration:insight_dashboard_csv",
        )
    },  # fmt: skip
    "accounts:invitation_resend": (
        lambda o: [o["invitee"].pk],
        {"POST": expect(admin=302, rest=404)},
    ),
    "accounts:invitations_resend_expired": (None, {"POST": expect(admin=302, rest=404)}),
    # Single sign-on. The matrix runs without providers, so a provider id is unknown (404) to
    # everyone; the flows themselves run against a real provider in tests/accounts/test_sso_*.
    "accounts:sso_login": (lambda o: ["surfconext"], {"POST": expect(anonymous=404, rest=404)}),
    "accounts:sso_connect": (lambda o: ["surfconext"], {"POST": expect(rest=404)}),
    "openid_connect_callback": (lambda o: ["surfconext"], {"GET": expect(anonymous=404, rest=404)}),
    "accounts:invitation_sso": (
        lambda o: ["onbekend-token", "eduid"],
        {"POST": expect(anonymous=200, rest=200)},
    ),
    # Only the person themselves unlinks a login (the mentor's here); for others it is 404.
    "accounts:sso_unlink": (
        lambda o: [o["social_account"].pk],
        {"POST": expect(mentor=302, rest=404)},
    ),
    "accounts:login_policy": (
        None,
        {"GET": expect(admin=200, rest=404), "POST": expect(admin=302, rest=404)},
    ),
    "set_language": (None, {"POST": expect(anonymous=302, rest=302)}),
    # Kalibreren, the exemplar bank: managed by the praktijkbureau and instituutsopleiders,
    # read by the examencommissie (403 on writes) and, published only, by schoolopleiders; a
    # werkplekbegeleider or student never reaches it (404). Consent is personal: only the
    # student and the authoring mentor of the (closed, sent) form reach its page; until the
    # appeal term (CALIBRATION_APPEAL_DAYS after sending) has passed they cannot decide (403).
    "calibration:exemplar_consents": (None, {"GET": expect(rest=200)}),
    "calibration:exemplar_consent": (
        lambda o: [o["closed_version"].pk],
        {
            "GET": expect(student=200, mentor=200, rest=404),
            "POST": expect(student=403, mentor=403, rest=404),
        },
    ),
    "calibration:exemplar_list": (
        None,
        {"GET": expect(**BANK_READERS, rest=404)},
    ),
    "calibration:exemplar_candidates": (None, {"GET": expect(**BANK_MANAGERS_GET, rest=404)}),
    # Without the consent of both student and mentor a POST is refused (criterion 5).
    "calibration:exemplar_prepare": (
        lambda o: [o["closed_entry"].pk],
        {
            "GET": expect(admin=200, instituutsopleider=200, rest=404),
            "POST": expect(admin=403, instituutsopleider=403, rest=404),
        },
    ),
    "calibration:exemplar_construct": (
        None,
        {
            "GET": expect(**BANK_MANAGERS_GET, rest=404),
            "POST": expect(**BANK_MANAGERS_POST, rest=404),
        },
    ),
    "calibration:exemplar_detail": (
        lambda o: [o["exemplar"].pk],
        {"GET": expect(**BANK_READERS, rest=404)},
    ),
    # The PDF of the de-identified exemplar: exactly who may open its page.
    "calibration:exemplar_pdf": (
        lambda o: [o["exemplar"].pk],
        {"GET": expect(**BANK_READERS, rest=404)},
    ),
    # The review page shows the original: managers only, while in preparation.
    "calibration:exemplar_review": (
        lambda o: [o["exemplar_draft"].pk],
        {
            "GET": expect(admin=200, instituutsopleider=200, examencommissie=403, rest=404),
            "POST": expect(admin=400, instituutsopleider=400, examencommissie=403, rest=404),
        },
    ),
    "calibration:exemplar_publish": (
        lambda o: [o["exemplar_draft"].pk],
        {"POST": expect(admin=302, instituutsopleider=302, examencommissie=403, rest=404)},
    ),
    "calibration:exemplar_reference": (
        lambda o: [o["exemplar"].pk],
        {
            "GET": expect(**BANK_MANAGERS_GET, rest=404),
            "POST": expect(**BANK_MANAGERS_POST, rest=404),
        },
    ),
    "calibration:exemplar_withdraw": (
        lambda o: [o["exemplar"].pk],
        {
            "POST": expect(
                admin=302, instituutsopleider=302, schoolopleider=403, examencommissie=403, rest=404
            )
        },
    ),
    "cycle:placement": (lambda o: [o["placement"].pk], {"GET": READ}),
    "cycle:kennismaking": (
        lambda o: [o["placement"].pk],
        {
            "GET": READ,
            "POST": expect(
                student=400,
                mentor=400,
                schoolopleider=400,
                instituutsopleider=403,
                admin=403,
                **OUTSIDERS,
            ),
        },
    ),
    "cycle:sensitive": (
        lambda o: [o["placement"].pk],
        {"GET": expect(student=200, rest=404), "POST": expect(student=400, rest=404)},
    ),
    "cycle:form": (lambda o: [o["version"].pk], {"GET": READ}),
    "cycle:form_pdf": (lambda o: [o["version"].pk], {"GET": READ}),
    "cycle:form_reflection": (
        lambda o: [o["version"].pk],
        {"POST": expect(student=400, **OUTSIDERS, rest=403)},
    ),
    "cycle:form_feedback": (
        lambda o: [o["version"].pk],
        {"POST": expect(mentor=400, schoolopleider=400, **OUTSIDERS, rest=403)},
    ),
    "cycle:form_send": (
        lambda o: [o["version"].pk],
        {"POST": expect(mentor=302, schoolopleider=302, **OUTSIDERS, rest=403)},
    ),
    "cycle:doubt": (
        lambda o: [o["entry"].pk],
        {"POST": expect(instituutsopleider=302, **OUTSIDERS, rest=403)},
    ),
    "cycle:disagreement": (
        lambda o: [o["disagreement"].pk],
        {
            "GET": expect(student=403, **OUTSIDERS, rest=200),
            "POST": expect(student=403, **OUTSIDERS, rest=400),
        },
    ),
    "cycle:disagreement_close": (
        lambda o: [o["disagreement"].pk],
        {"POST": expect(student=403, **OUTSIDERS, rest=302)},
    ),
    # Either side of the dialogue (here: who raised it, the mentor and the schoolopleider)
    # brings in the instituutsopleider; other guides may read but not escalate.
    "cycle:disagreement_escalate": (
        lambda o: [o["disagreement"].pk],
        {
            "POST": expect(
                mentor=302, schoolopleider=302, instituutsopleider=302, **OUTSIDERS, rest=403
            )
        },
    ),
    "cycle:concern_new": (
        lambda o: [o["placement"].pk],
        {
            "GET": expect(mentor=200, schoolopleider=200, **OUTSIDERS, rest=403),
            "POST": expect(mentor=400, schoolopleider=400, **OUTSIDERS, rest=403),
        },
    ),
    "cycle:concern": (
        lambda o: [o["concern"].pk],
        {
            "GET": expect(student=403, **OUTSIDERS, rest=200),
            "POST": expect(instituutsopleider=400, **OUTSIDERS, rest=403),
        },
    ),
    "cycle:concern_hand_on": (
        lambda o: [o["concern"].pk],
        {"POST": expect(instituutsopleider=302, **OUTSIDERS, rest=403)},
    ),
    "cycle:termination_new": (
        lambda o: [o["placement"].pk],
        {
            "GET": expect(mentor=200, schoolopleider=200, **OUTSIDERS, rest=403),
            "POST": expect(mentor=400, schoolopleider=400, **OUTSIDERS, rest=403),
        },
    ),
    "cycle:termination": (
        lambda o: [o["termination"].pk],
        {
            "GET": expect(student=403, **OUTSIDERS, rest=200),
            "POST": expect(schoolopleider=400, instituutsopleider=400, **OUTSIDERS, rest=403),
        },
    ),
    "cycle:termination_confirm": (
        lambda o: [o["termination"].pk],
        {"POST": expect(schoolopleider=302, instituutsopleider=302, **OUTSIDERS, rest=403)},
    ),
    "cycle:maatwerk": (
        lambda o: [o["placement"].pk],
        {
            "GET": expect(instituutsopleider=200, admin=200, **OUTSIDERS, rest=403),
            "POST": expect(instituutsopleider=400, admin=400, **OUTSIDERS, rest=403),
        },
    ),
    "cycle:maatwerk_delete": (
        lambda o: [o["placement"].pk, o["placement"].outcomes.first().pk],
        {"POST": expect(instituutsopleider=302, admin=302, **OUTSIDERS, rest=403)},
    ),
    "cycle:logs": (
        lambda o: [o["placement"].pk],
        {"GET": READ, "POST": expect(student=400, **OUTSIDERS, rest=403)},
    ),
    "cycle:log": (
        lambda o: [o["log"].pk],
        {"GET": READ, "POST": expect(student=400, **OUTSIDERS, rest=403)},
    ),
    # Lesson observations: the placement's people read them and the lesson plan (outsiders
    # 404); the werkplekbegeleider, schoolopleider and instituutsopleider record one (the
    # student and the praktijkbureau see but do not observe: 403); the student responds and
    # asks for one. Taking observations over into a form is the assessor's (no lock: 302
    # back to the form with a message). Instruments are loaded by the praktijkbureau only.
    "cycle:observations": (
        lambda o: [o["placement"].pk],
        {"GET": READ, "POST": expect(student=400, **OUTSIDERS, rest=403)},
    ),
    "cycle:observation_new": (
        lambda o: [o["placement"].pk],
        {
            "GET": expect(
                mentor=200, schoolopleider=200, instituutsopleider=200, **OUTSIDERS, rest=403
            ),
            "POST": expect(
                mentor=400, schoolopleider=400, instituutsopleider=400, **OUTSIDERS, rest=403
            ),
        },
    ),
    "cycle:observation": (
        lambda o: [o["observation"].pk],
        {"GET": READ, "POST": expect(student=400, **OUTSIDERS, rest=403)},
    ),
    "cycle:observation_lesson_plan": (lambda o: [o["observation"].pk], {"GET": READ}),
    "cycle:form_observations": (
        lambda o: [o["version"].pk],
        {"POST": expect(mentor=302, schoolopleider=302, **OUTSIDERS, rest=403)},
    ),
    # Hours and lessons (handbook ch.4): the placement's people read them (outsiders 404);
    # the student registers and corrects a week, the werkplekbegeleider (or the schoolopleider
    # named on the placement) confirms one or all and reopens one; the others who see the
    # placement get 403. Empty POSTs are invalid (400).
    "cycle:hours": (
        lambda o: [o["placement"].pk],
        {"GET": READ, "POST": expect(student=400, **OUTSIDERS, rest=403)},
    ),
    "cycle:hours_week": (
        lambda o: [o["week_hours"].pk],
        {"GET": READ, "POST": expect(student=400, **OUTSIDERS, rest=403)},
    ),
    "cycle:hours_confirm": (
        lambda o: [o["week_hours"].pk],
        {"POST": expect(mentor=400, schoolopleider=400, **OUTSIDERS, rest=403)},
    ),
    "cycle:hours_confirm_all": (
        lambda o: [o["placement"].pk],
        {"POST": expect(mentor=400, schoolopleider=400, **OUTSIDERS, rest=403)},
    ),
    "cycle:hours_reopen": (
        lambda o: [o["week_hours"].pk],
        {"POST": expect(mentor=400, schoolopleider=400, **OUTSIDERS, rest=403)},
    ),
    "cycle:instrument_import": (
        lambda o: [o["instrument"].pk],
        {"GET": expect(admin=200, rest=403), "POST": expect(admin=400, rest=403)},
    ),
    "cycle:conversation_held": (
        lambda o: [o["placement"].conversations.get(kind="kennismaking").pk],
        {"POST": expect(admin=403, **OUTSIDERS, rest=302)},
    ),
    "cycle:form_correct": (
        lambda o: [o["version"].pk],
        {"POST": expect(**OUTSIDERS, rest=403)},
    ),
    # The leerplan: the student writes it step by step and submits, the werkplekbegeleider
    # or schoolopleider answers and decides on the overview, the others read the overview
    # (a step sends them there: 302). Empty POSTs are invalid (400).
    "cycle:leerplan": (lambda o: [o["placement"].pk], {"GET": READ}),
    "cycle:leerplan_step": (
        lambda o: [o["placement"].pk, o["placement"].outcomes.first().pk],
        {
            "GET": expect(student=200, **OUTSIDERS, rest=302),
            "POST": expect(student=400, **OUTSIDERS, rest=403),
        },
    ),
    "cycle:leerplan_wishes": (
        lambda o: [o["placement"].pk],
        {
            "GET": expect(student=200, **OUTSIDERS, rest=302),
            "POST": expect(student=400, **OUTSIDERS, rest=403),
        },
    ),
    "cycle:leerplan_submit": (
        lambda o: [o["placement"].pk],
        {"POST": expect(student=400, **OUTSIDERS, rest=403)},
    ),
    "cycle:leerplan_decide": (
        lambda o: [o["placement"].pk],
        {"POST": expect(mentor=400, schoolopleider=400, **OUTSIDERS, rest=403)},
    ),
    "cycle:leerplan_reopen": (
        lambda o: [o["placement"].pk],
        {"POST": expect(student=400, mentor=400, schoolopleider=400, **OUTSIDERS, rest=403)},
    ),
    "cycle:leerplan_answer": (
        lambda o: [o["placement"].pk],
        {"POST": expect(mentor=400, schoolopleider=400, **OUTSIDERS, rest=403)},
    ),
    "cycle:leerplan_versions": (lambda o: [o["placement"].pk], {"GET": READ}),
    "preferences": (None, {"GET": expect(rest=200), "POST": expect(rest=400)}),
    "cycle:planning": (lambda o: [o["placement"].pk], {"GET": READ}),
    "cycle:placement_ics": (lambda o: [o["placement"].pk], {"GET": READ}),
    "cycle:conversation_reschedule": (
        lambda o: [o["version"].form.conversation_id],
        {
            "GET": expect(student=403, **OUTSIDERS, rest=200),
            "POST": expect(student=403, **OUTSIDERS, rest=400),
        },
    ),
    # The import of students, staff and placements: the praktijkbureau only. An empty upload
    # is invalid (400); a confirmation without a preview goes back to the upload page.
    "placements:import": (
        None,
        {"GET": expect(admin=200, rest=403), "POST": expect(admin=400, rest=403)},
    ),
    "placements:import_confirm": (None, {"POST": expect(admin=302, rest=403)}),
    # Only the admin who confirmed it follows an import on the worker (another admin: 404).
    "placements:import_progress": (
        lambda o: [o["import_run"].pk],
        {"GET": expect(admin=200, rest=403)},
    ),
    "placements:import_template": (lambda o: ["xlsx"], {"GET": expect(admin=200, rest=403)}),
    # Evidence: the student attaches it (the form page: GET; an empty POST is invalid) and
    # removes it; the placement's people open its files and the overview per outcome.
    "cycle:evidence": (lambda o: [o["placement"].pk], {"GET": READ}),
    "cycle:evidence_new": (
        lambda o: ["logboek", o["log"].pk],
        {
            "GET": expect(student=200, **OUTSIDERS, rest=403),
            "POST": expect(student=400, **OUTSIDERS, rest=403),
        },
    ),
    "cycle:evidence_file": (lambda o: [o["evidence"].pk], {"GET": READ}),
    "cycle:evidence_delete": (
        lambda o: [o["evidence"].pk],
        {"POST": expect(student=302, **OUTSIDERS, rest=403)},
    ),
    # The same URLs for evidence on a lesson observation (a second row of a URL name: the
    # name, "#" and what differs): only the student attaches and removes it; it is seen by
    # whoever sees the observation.
    "cycle:evidence_new#lesbezoek": (
        lambda o: ["lesbezoek", o["observation"].pk],
        {
            "GET": expect(student=200, **OUTSIDERS, rest=403),
            "POST": expect(student=400, **OUTSIDERS, rest=403),
        },
    ),
    "cycle:evidence_file#lesbezoek": (lambda o: [o["observation_evidence"].pk], {"GET": READ}),
    "cycle:evidence_delete#lesbezoek": (
        lambda o: [o["observation_evidence"].pk],
        {"POST": expect(student=302, **OUTSIDERS, rest=403)},
    ),
    # Exports: the judgements CSV for the praktijkbureau and the instituutsopleiders; a dossier
    # for the student, the instituutsopleider and the praktijkbureau (empty POST: this
    # placement). A dossier job is personal: only who asked for it (here the
    # instituutsopleider) reaches it.
    "cycle:judgements_export": (None, {"GET": expect(instituutsopleider=200, admin=200, rest=403)}),
    "cycle:dossier_new": (
        lambda o: [o["placement"].pk],
        {"POST": expect(student=302, instituutsopleider=302, admin=302, **OUTSIDERS, rest=403)},
    ),
    "cycle:dossiers": (None, {"GET": expect(rest=200)}),
    "cycle:dossier": (
        lambda o: [o["dossier"].pk],
        {"GET": expect(instituutsopleider=200, rest=404)},
    ),
    "cycle:dossier_pdf": (
        lambda o: [o["dossier"].pk],
        {"GET": expect(instituutsopleider=200, rest=404)},
    ),
    # Rubrics are published grids: everyone logged in may read, download and print them; only
    # the praktijkbureau uploads a CSV (empty upload: 400), the others may see but not change.
    "rubrics:list": (None, {"GET": expect(rest=200)}),
    "rubrics:detail": (lambda o: [o["rubric"].pk], {"GET": expect(rest=200)}),
    "rubrics:csv": (lambda o: [o["rubric"].pk], {"GET": expect(rest=200)}),
    "rubrics:pdf": (lambda o: [o["rubric"].pk], {"GET": expect(rest=200)}),
    "rubrics:import": (
        lambda o: [o["rubric"].pk],
        {"GET": expect(admin=200, rest=403), "POST": expect(admin=400, rest=403)},
    ),
    # Complexe beroepsvaardigheden: the placement's people read; the student fills in the
    # student's column, the werkplekbegeleider or schoolopleider the mentor's (empty POST: 400).
    "cycle:cbv": (lambda o: [o["placement"].pk], {"GET": READ}),
    "cycle:cbv_edit": (
        lambda o: [o["placement"].pk, "start"],
        {
            "GET": expect(student=200, mentor=200, schoolopleider=200, **OUTSIDERS, rest=403),
            "POST": expect(student=400, mentor=400, schoolopleider=400, **OUTSIDERS, rest=403),
        },
    ),
    # Role rubrics as a self-assessment: every staff member for themself (the praktijkbureau
    # and students are no staff: 403). A self-assessment (here the mentor's) is personal:
    # 404 for everyone else. The team heatmap is the schoolopleider's.
    "rubrics:mine": (None, {"GET": STAFF_ONLY}),
    "rubrics:consent": (
        None,
        {"POST": expect(student=403, admin=403, examencommissie=403, rest=400)},
    ),
    "rubrics:role": (lambda o: [o["rubric_role"].pk], {"GET": STAFF_ONLY}),
    "rubrics:assessment_new": (
        lambda o: [o["rubric_role"].pk],
        {"GET": STAFF_ONLY, "POST": expect(student=403, admin=403, examencommissie=403, rest=400)},
    ),
    "rubrics:assessment": (
        lambda o: [o["self_assessment"].pk],
        {"GET": expect(mentor=200, rest=404)},
    ),
    "rubrics:heatmap": (None, {"GET": expect(schoolopleider=200, rest=403)}),
    # The quality monitor. A school's monitor is for its schoolopleider and the institute
    # (its instituutsopleider, the praktijkbureau); the review is written by the
    # schoolopleider only (empty POST: invalid, 400; a correction without reason goes back to
    # the review). The export is for the institute. The evaluation is the student's own:
    # the others of the triangle may see the placement but not the evaluation (403).
    "placements:quality_overview": (
        None,
        {"GET": expect(schoolopleider=200, instituutsopleider=200, admin=200, rest=403)},
    ),
    "placements:quality_export": (
        None,
        {"GET": expect(instituutsopleider=200, admin=200, rest=403)},
    ),
    "placements:quality_school": (
        lambda o: [o["placement"].school.pk],
        {"GET": expect(schoolopleider=200, instituutsopleider=200, admin=200, rest=404)},
    ),
    "placements:quality_review": (
        lambda o: [o["placement"].school.pk, "2026-2027"],
        {
            "GET": expect(schoolopleider=200, instituutsopleider=200, admin=200, rest=404),
            "POST": expect(schoolopleider=400, instituutsopleider=403, admin=403, rest=404),
        },
    ),
    "placements:quality_review_correct": (
        lambda o: [o["placement"].school.pk, "2026-2027"],
        {"POST": expect(schoolopleider=302, instituutsopleider=403, admin=403, rest=404)},
    ),
    "placements:quality_evaluation": (
        lambda o: [o["placement"].pk],
        {
            "GET": expect(student=200, **OUTSIDERS, rest=403),
            "POST": expect(student=400, **OUTSIDERS, rest=403),
        },
    ),
    # Kalibreren: the audit sample (steekproef) and the reports. The praktijkbureau and the
    # examencommissie read and draw; only the praktijkbureau changes an assignment; a second
    # assessor reaches only their own items (the world's item is the instituutsopleider's).
    "calibration:audit_list": (None, {"GET": expect(admin=200, examencommissie=200, rest=404)}),
    "calibration:audit_draw": (
        None,
        {
            "GET": expect(admin=200, examencommissie=200, rest=404),
            "POST": expect(admin=400, examencommissie=400, rest=404),
        },
    ),
    "calibration:audit_sample": (
        lambda o: [o["audit_item"].sample_id],
        {"GET": expect(admin=200, examencommissie=200, rest=404)},
    ),
    "calibration:audit_export": (
        lambda o: [o["audit_item"].sample_id],
        {"GET": expect(admin=200, examencommissie=200, rest=404)},
    ),
    "calibration:audit_assign": (
        lambda o: [o["audit_item"].pk],
        {"POST": expect(admin=302, examencommissie=403, rest=404)},
    ),
    "calibration:audit_my_items": (
        None,
        {"GET": expect(schoolopleider=200, instituutsopleider=200, rest=404)},
    ),
    "calibration:audit_judge": (
        lambda o: [o["audit_item"].pk],
        {
            "GET": expect(instituutsopleider=200, rest=404),
            "POST": expect(instituutsopleider=400, rest=404),
        },
    ),
    "calibration:report_borging": (None, {"GET": expect(admin=200, examencommissie=200, rest=404)}),
    "calibration:report_borging_pdf": (
        None,
        {"GET": expect(admin=200, examencommissie=200, rest=404)},
    ),
    "calibration:report_borging_csv": (
        None,
        {"GET": expect(admin=200, examencommissie=200, rest=404)},
    ),
    "calibration:report_praktijkbureau": (
        None,
        {"GET": expect(admin=200, examencommissie=200, rest=404)},
    ),
    "calibration:report_praktijkbureau_csv": (
        None,
        {"GET": expect(admin=200, examencommissie=200, rest=404)},
    ),
    # Kalibratiesessies (calibration-design.md §3.3): the session's people (the schoolopleider
    # organises and moderates, the mentor and the io take part) and the praktijkbureau; the
    # examencommissie reads the report; students never (criterion 18).
    "calibration:session_list": (None, {"GET": expect(student=404, rest=200)}),
    "calibration:session_new": (
        None,
        {
            "GET": expect(schoolopleider=200, instituutsopleider=200, admin=200, rest=404),
            "POST": expect(schoolopleider=400, instituutsopleider=400, admin=400, rest=404),
        },
    ),
    "calibration:session_detail": (
        lambda o: [o["cal_session"].pk],
        {
            "GET": expect(
                mentor=200, schoolopleider=200, instituutsopleider=200, admin=200, rest=404
            )
        },
    ),
    "calibration:session_edit": (
        lambda o: [o["cal_session"].pk],
        {
            "GET": expect(
                schoolopleider=200, admin=200, mentor=403, instituutsopleider=403, rest=404
            ),
            "POST": expect(
                schoolopleider=400, admin=400, mentor=403, instituutsopleider=403, rest=404
            ),
        },
    ),
    "calibration:session_judge": (
        lambda o: [o["cal_session"].pk],
        {
            "GET": expect(
                mentor=200, instituutsopleider=200, schoolopleider=403, admin=403, rest=404
            ),
            "POST": expect(
                mentor=302, instituutsopleider=302, schoolopleider=403, admin=403, rest=404
            ),
        },
    ),
    **{
        f"calibration:session_{name}": (
            lambda o: [o["cal_session"].pk],
            {
                "POST": expect(
                    schoolopleider=302, mentor=403, instituutsopleider=403, admin=403, rest=404
                )
            },
        )
        for name in ("reveal", "reference", "close")
    },
    "calibration:session_agreement_new": (
        lambda o: [o["cal_closed"].pk],
        {
            "POST": expect(
                schoolopleider=400, mentor=403, instituutsopleider=403, admin=403, rest=404
            )
        },
    ),
    "calibration:session_agreement_promote": (
        lambda o: [o["cal_agreement"].pk],
        {
            "POST": expect(
                instituutsopleider=302, admin=302, mentor=403, schoolopleider=403, rest=404
            )
        },
    ),
    # An action item is marked afgehandeld by whoever may change the session (its organiser
    # and moderator, the schoolopleider here, and the praktijkbureau); the world's agreement
    # has no action item, so the service refuses with a message (302).
    "calibration:session_agreement_action": (
        lambda o: [o["cal_agreement"].pk],
        {
            "POST": expect(
                schoolopleider=302, admin=302, mentor=403, instituutsopleider=403, rest=404
            )
        },
    ),
    **{
        f"calibration:session_{name}": (
            lambda o: [o["cal_closed"].pk],
            {
                "GET": expect(
                    mentor=200,
                    schoolopleider=200,
                    instituutsopleider=200,
                    admin=200,
                    examencommissie=200,
                    rest=404,
                )
            },
        )
        for name in ("report", "report_pdf")
    },
    "calibration:session_register": (
        None,
        {"GET": expect(admin=200, examencommissie=200, rest=404)},
    ),
    "calibration:session_credential_new": (
        None,
        {"GET": expect(admin=200, rest=404), "POST": expect(admin=400, rest=404)},
    ),
    "calibration:session_mirror": (None, {"GET": expect(student=404, rest=200)}),
}
# The Django admin: staff of the praktijkbureau only.
ADMIN_PREFIX = "admin:"


def url_name(row: str) -> str:
    """The URL name of a row ("cycle:evidence_new#lesbezoek": a second row of one name)."""
    return row.split("#", 1)[0]


def url_names(resolver=None, namespace: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += url_names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_a_row():
    rows = {url_name(row) for row in MATRIX}
    missing = [n for n in url_names() if n not in rows and not n.startswith(ADMIN_PREFIX)]
    assert missing == [], f"add these URLs to the access matrix: {missing}"


@pytest.fixture(scope="module")
def world_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for the module and rolled back after it; each case's own
    transaction (`world` asks for `db`) nests inside as a savepoint, so what a case writes is
    gone before the next. Returns the people, the objects and the folder of stored files."""
    media = tmp_path_factory.mktemp("matrix-media")
    with (
        override_settings(MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=media / "private"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        people, objects = build_world()
        yield people, objects, media, log_in_once(people)
        transaction.set_rollback(True)


# A session made once per person in the module's transaction serves every case (a case's
# own changes to it roll back with the case); older than this, a case logs in itself, so a
# slow run never meets the 30-minute idle expiry.
SESSION_REUSE_SECONDS = 10 * 60


def log_in_once(people) -> dict:
    sessions = {}
    for role, person in people.items():
        if person is not None:
            client = Client()
            client.force_login(person)
            sessions[role] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return {"made": time.monotonic(), "keys": sessions}


@pytest.fixture
def world(world_once, db):
    """The module's world, its stored files copied to this case's own MEDIA_ROOT. Yields the
    people, the objects, that folder and a client factory: `client_as(role)` is logged in as
    `role` (anonymous for a role without a person)."""
    people, objects, media, sessions = world_once
    with tempfile.TemporaryDirectory(prefix="matrix-case-") as folder:
        folder = Path(folder)
        shutil.copytree(media, folder, dirs_exist_ok=True)

        def client_as(role, **kwargs) -> Client:
            client = Client(**kwargs)
            if people[role] is None:
                return client
            if time.monotonic() - sessions["made"] < SESSION_REUSE_SECONDS:
                client.cookies[django_settings.SESSION_COOKIE_NAME] = sessions["keys"][role]
            else:
                client.force_login(people[role])
            return client

        yield people, objects, folder, client_as


def build_world():
    """The people of a placement (as tests/conftest.py makes them), two outsiders and an
    object of every kind a URL names."""
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from apps.cycle.conversations.services import conversations_plan
    from apps.cycle.models import (
        Concern,
        Conversation,
        Disagreement,
        DossierJob,
        Evidence,
        FormEntry,
        FormVersion,
        GuidanceLog,
        TerminationProposal,
        WeekHours,
    )
    from apps.placements.models import ImportStatus, ImportUpload, PlacementOutcome

    student = StudentProfileFactory(user__full_name="Sanne Student")
    mentor = UserFactory(full_name="Wendy Werkplek", roles=[Role.WERKPLEKBEGELEIDER])
    schoolopleider = UserFactory(full_name="Sandra School", roles=[Role.SCHOOLOPLEIDER])
    instituutsopleider = UserFactory(full_name="Ingrid Instituut", roles=[Role.INSTITUUTSOPLEIDER])
    placement = make_placement(
        student=student,
        werkplekbegeleider=mentor,
        schoolopleider=schoolopleider,
        instituutsopleider=instituutsopleider,
    )
    outcome = PlacementOutcome.objects.create(
        placement=placement, outcome=LearningOutcomeFactory(), wpb_judges=True
    )
    conversations_plan(by=None, placement=placement)
    same = UserFactory(roles=[Role.WERKPLEKBEGELEIDER])
    make_placement(school=placement.school, werkplekbegeleider=same)
    other = UserFactory(roles=[Role.WERKPLEKBEGELEIDER])
    make_placement(werkplekbegeleider=other)
    people = {
        "anonymous": None,
        "student": student.user,
        "mentor": mentor,
        "schoolopleider": schoolopleider,
        "instituutsopleider": instituutsopleider,
        "same_school": same,
        "other_school": other,
        "admin": UserFactory(roles=[Role.ADMIN], is_superuser=True),
        "examencommissie": UserFactory(full_name="Erik Examen", roles=[Role.EXAMENCOMMISSIE]),
    }
    version = FormVersion.objects.get(
        form__conversation__placement=placement, form__conversation__kind="eindbeoordeling"
    )
    # The placement got its forms when it was made, before this outcome was added.
    entry = FormEntry.objects.create(version=version, placement_outcome=outcome)
    objects = {
        "placement": placement,
        "version": version,
        "entry": entry,
        # Made directly: the matrix tests who reaches the pages, not how these come about.
        "disagreement": Disagreement.objects.create(
            entry=entry,
            raised_by=instituutsopleider,
            reason="Twijfel",
            original_judgement="voldaan",
        ),
        "concern": Concern.objects.create(placement_outcome=outcome, raised_by=mentor, text="Zorg"),
        "log": GuidanceLog.objects.create(
            conversation=Conversation.objects.create(
                placement=placement, kind="begeleidingsgesprek", sequence=1
            ),
            what_i_did="Les gegeven",
        ),
        "termination": TerminationProposal.objects.create(
            placement=placement, proposed_by=mentor, reason="mismatch", explanation="Uitleg"
        ),
    }
    evidence = Evidence(
        placement=placement,
        log=objects["log"],
        kind="document",
        title="Lesvoorbereiding",
        content_type="application/pdf",
        added_by=student.user,
    )
    evidence.file.save("les.pdf", ContentFile(b"%PDF-1.7"), save=False)
    evidence.save()
    objects["evidence"] = evidence
    objects["rubric"] = make_rubric(roles=("Coach",), dimensions=1)
    objects.update(rubrics_in_use(mentor))
    dossier = DossierJob(
        requested_by=instituutsopleider, student=student, placement=placement, status="klaar"
    )
    dossier.file.save("dossier.pdf", ContentFile(b"%PDF-1.7"), save=False)
    dossier.save()
    objects["dossier"] = dossier
    objects.update(observations_of(placement, mentor))
    objects["week_hours"] = WeekHours.objects.create(
        placement=placement,
        week=placement.periods.get().start,
        lessons=3,
        guidance_minutes=60,
        registered_by=student.user,
        registered_at=timezone.now(),
    )
    objects.update(exemplar_bank(people, objects))
    objects["invitee"] = UserFactory(password=None)  # imported, has not chosen a password
    objects["social_account"] = SocialAccount.objects.create(user=mentor, provider="eduid", uid="1")
    objects["import_run"] = ImportUpload.objects.create(
        created_by=people["admin"],
        name="stages.csv",
        digest="0" * 64,
        content=b"",
        status=ImportStatus.DONE,
        expires_at=timezone.now() + timedelta(hours=12),
    )
    objects["audit_item"] = audit_item_of(entry, people)
    objects.update(calibration_sessions(people, outcome.outcome))
    return people, objects


def exemplar_bank(people, objects) -> dict:
    """A second placement of the same student and mentor, closed by its sent eindbeoordeling
    (its consent page; an entry without consents to prepare from), a published and a draft
    constructed exemplar prepared by someone else."""
    from apps.calibration.models import ExemplarState
    from apps.cycle.conversations.services import conversations_plan
    from apps.cycle.models import FormEntry, FormVersion
    from apps.placements.models import PlacementOutcome
    from tests.calibration.conftest import send_eindbeoordeling
    from tests.factories import ExemplarFactory

    placement = objects["placement"]
    closed = make_placement(
        student=placement.student,
        school=placement.school,
        werkplekbegeleider=people["mentor"],
        schoolopleider=people["schoolopleider"],
        instituutsopleider=people["instituutsopleider"],
    )
    outcome = PlacementOutcome.objects.create(
        placement=closed, outcome=LearningOutcomeFactory(), wpb_judges=True
    )
    conversations_plan(by=None, placement=closed)
    version = FormVersion.objects.get(
        form__conversation__placement=closed, form__conversation__kind="eindbeoordeling"
    )
    FormEntry.objects.get_or_create(version=version, placement_outcome=outcome)
    sent = send_eindbeoordeling(closed)
    preparer = UserFactory(roles=[Role.ADMIN])
    return {
        "closed_version": sent,
        "closed_entry": sent.entries.get(placement_outcome=outcome),
        "exemplar": ExemplarFactory(prepared_by=preparer, state=ExemplarState.PUBLISHED),
        "exemplar_draft": ExemplarFactory(prepared_by=preparer),
    }


def audit_item_of(entry, people):
    """A draw with one item, made directly (the matrix tests who reaches the pages); its
    second assessor is the instituutsopleider persona, so that role reaches the judging page."""
    from apps.calibration.models import AuditItem, AuditSample

    sample = AuditSample.objects.create(
        school_year="2026-2027", rate="0.100", seed=1, population=1, drawn_by=people["admin"]
    )
    return AuditItem.objects.create(
        sample=sample, entry=entry, second_assessor=people["instituutsopleider"]
    )


def calibration_sessions(people, outcome) -> dict:
    """A session being judged and a closed one with an agreement, made directly."""
    from datetime import date

    from django.utils import timezone

    from apps.calibration.models import (
        CalibrationSession,
        Participant,
        SessionAgreement,
        SessionExemplar,
    )
    from tests.factories import ExemplarFactory

    exemplar = ExemplarFactory(outcome=outcome, state="gepubliceerd")
    so = people["schoolopleider"]
    made = {}
    for key, phase in (("cal_session", "beoordelen"), ("cal_closed", "afgesloten")):
        session = CalibrationSession.objects.create(
            title="Kalibratie",
            scope="partnerschap",
            school_year="2026-2027",
            held_on=date(2026, 11, 12),
            organiser=so,
            moderator=so,
            phase=phase,
            revealed_at=timezone.now() if phase == "afgesloten" else None,
        )
        session.outcomes.set([outcome])
        SessionExemplar.objects.create(session=session, exemplar=exemplar)
        for role in ("mentor", "instituutsopleider"):
            Participant.objects.create(session=session, user=people[role], role=role)
        made[key] = session
    made["cal_agreement"] = SessionAgreement.objects.create(
        session=made["cal_closed"], kind="cesuur", text="Cesuur", outcome=outcome, recorded_by=so
    )
    return made


def observations_of(placement, mentor) -> dict:
    """An observation with a stored lesson plan and a file the student attached to it, and an
    own (empty) instrument to load."""
    from django.core.files.base import ContentFile

    from apps.cycle.models import Evidence, Observation, ObservationInstrument
    from apps.cycle.observations.services import default_instrument

    observation = Observation(
        placement=placement,
        observer=mentor,
        instrument=default_instrument(),
        observed_on="2026-10-01",
        group="2B",
        subject="Biologie",
        topic="Cellen",
        lesson_plan_name="les.pdf",
    )
    observation.lesson_plan.save("les.pdf", ContentFile(b"%PDF-1.7"), save=False)
    observation.save()
    evidence = Evidence(
        placement=placement,
        observation=observation,
        kind="document",
        title="Lesvoorbereiding van het lesbezoek",
        content_type="application/pdf",
        added_by=placement.student.user,
    )
    evidence.file.save("les.pdf", ContentFile(b"%PDF-1.7"), save=False)
    evidence.save()
    instrument = ObservationInstrument.objects.create(slug="eigen", name="Eigen", kind="eigen")
    return {"observation": observation, "observation_evidence": evidence, "instrument": instrument}


def rubrics_in_use(mentor) -> dict:
    """A tiny role rubric and phase table (the seed is too slow to load per case) and a
    self-assessment of the mentor."""
    from apps.rubrics.models import Rubric, RubricDimension, RubricLevel, RubricRole
    from apps.rubrics.services import Rating, self_assessment_create

    roles = Rubric.objects.create(slug="rollen", name="Rollen", kind="rol")
    role = RubricRole.objects.create(rubric=roles, position=1, name="Beoordelaar")
    RubricDimension.objects.create(rubric=roles, role=role, position=1, name="Oordelen")
    level = RubricLevel.objects.create(rubric=roles, position=1, name="Volgend")
    phases = Rubric.objects.create(slug="cbv", name="Complexe beroepsvaardigheden", kind="fasen")
    RubricLevel.objects.create(rubric=phases, position=1, name="Beginfase")
    RubricDimension.objects.create(rubric=phases, position=1, name="Lesgeven")
    ratings = {
        d.pk: Rating(level.pk, "Ik beoordeelde drie lessen.", level.pk)
        for d in role.dimensions.all()
    }
    assessment = self_assessment_create(by=mentor, role=role, ratings=ratings)
    return {"rubric_role": role, "self_assessment": assessment}


CASES = [
    (name, method, role)
    for name, (_args, methods) in MATRIX.items()
    for method in methods
    for role in ROLES
]


@pytest.mark.parametrize(("name", "method", "role"), CASES)
def test_access(world, name, method, role, settings):
    from django.urls import reverse

    _people, objects, media, client_as = world
    settings.MEDIA_ROOT = media
    settings.PRIVATE_MEDIA_ROOT = media / "private"
    builder, methods = MATRIX[name]
    url = reverse(url_name(name), args=builder(objects) if builder else [])
    response = getattr(client_as(role), method.lower())(url)
    assert response.status_code == methods[method][role], (name, method, role)


STATE_CHANGING = [(n, m) for n, (_a, ms) in MATRIX.items() for m in ms if m == "POST"]


@pytest.mark.parametrize(("name", "method"), STATE_CHANGING)
def test_state_changing_urls_need_a_csrf_token(world, name, method):
    from django.urls import reverse

    _people, objects, _media, client_as = world
    builder, _methods = MATRIX[name]
    client = client_as(
        "admin" if name != "cycle:sensitive" else "student", enforce_csrf_checks=True
    )
    response = client.post(reverse(url_name(name), args=builder(objects) if builder else []))
    assert response.status_code == 403


WRONG_METHOD = [
    (n, "PUT" if "GET" in ms or "POST" in ms else "GET")
    for n, (_a, ms) in MATRIX.items()
    if n not in {"accounts:logout", "set_language"}
]


@pytest.mark.parametrize(("name", "method"), WRONG_METHOD)
def test_wrong_method_is_405(world, name, method):
    from django.urls import reverse

    _people, objects, _media, client_as = world
    builder, _methods = MATRIX[name]
    client = client_as("student")
    url = reverse(url_name(name), args=builder(objects) if builder else [])
    assert getattr(client, method.lower())(url).status_code == 405
