"""The admin works for every model, so the praktijkbureau never needs to touch JSON."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from apps.accounts.models import AuditEvent, Invitation, LoginPolicy, OutboxMail, Role
from apps.cycle.models import (
    Evidence,
    FormObservation,
    InstrumentItem,
    LeerdoelLine,
    LeerplanVersion,
    ObservationRequest,
    ObservedIndicator,
    PurgeAllowance,
    SensitiveInfo,
    WeekHours,
)
from apps.outcomes.models import DecisionRule
from apps.placements.models import (
    ImportUpload,
    SchoolReview,
    SchoolReviewAnswer,
    StudentEvaluation,
    StudentEvaluationAnswer,
)
from apps.rubrics.models import HeatmapConsent, SelfAssessment, SelfAssessmentRating
from tests.factories import UserFactory

DRIEHOEK_MODELS = [
    m
    for m in admin.site._registry
    if m._meta.app_label.startswith(
        ("accounts", "rubrics", "outcomes", "placements", "cycle", "calibration")
    )
]


def test_every_domain_model_is_in_the_admin():
    from django.apps import apps

    registered = set(admin.site._registry)
    missing = [
        m._meta.label
        for app in ("accounts", "rubrics", "outcomes", "placements", "cycle", "calibration")
        for m in apps.get_app_config(app).get_models()
        if not m._meta.label.endswith(("ObjectPermission",))
        and not m.__name__.startswith("Historical")
        and m not in registered
    ]
    assert missing == []


@pytest.mark.parametrize("model", DRIEHOEK_MODELS, ids=lambda m: m._meta.label)
def test_admin_list_and_add_pages_open(client, placement, model):
    client.force_login(UserFactory(roles=[Role.ADMIN], is_superuser=True))
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert client.get(reverse(f"{prefix}_changelist")).status_code == 200
    # Records written only through the app's services (the quality monitor's, self-assessments
    # and the heatmap consent are read-only).
    read_only = (SchoolReview, SchoolReviewAnswer, StudentEvaluation, StudentEvaluationAnswer)
    read_only += (SelfAssessment, SelfAssessmentRating, HeatmapConsent)
    read_only += (Invitation,)  # made by invitations_send only
    read_only += (LoginPolicy,)  # set on the praktijkbureau's page, audited
    read_only += (OutboxMail,)  # written by the services that mail, sent by the worker
    read_only += (Evidence,)  # attached by the student, files never shown in the admin
    read_only += (ImportUpload, LeerdoelLine, InstrumentItem, ObservationRequest)
    read_only += (ObservedIndicator, FormObservation)  # written by their feature's services
    read_only += tuple(m for m in DRIEHOEK_MODELS if m._meta.app_label == "calibration")
    read_only += (DecisionRule,)  # published from a calibration session's agreements
    read_only += (WeekHours,)  # registered and confirmed through the hours services
    may_add = model not in (AuditEvent, SensitiveInfo, PurgeAllowance, LeerplanVersion, *read_only)
    assert client.get(reverse(f"{prefix}_add")).status_code == (200 if may_add else 403)


def test_non_admin_cannot_open_the_admin(client, mentor):
    client.force_login(mentor)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_the_role_on_the_admins_user_page_has_a_label(client, db):
    """The role of a new person is chosen in a labelled field (a tabular inline's select had
    no accessible name: axe-core's "select-name", critical)."""
    client.force_login(UserFactory(roles=[Role.ADMIN], is_superuser=True))
    page = client.get(reverse("admin:accounts_user_add")).content.decode()
    assert re.search(r'<label[^>]* for="id_role_memberships-0-role"', page)


def test_the_admins_user_page_has_only_labelled_fields(client, db):
    """No filter_horizontal (its search icons carry a prohibited aria-label) and no split date
    and time inputs without labels: the dates are read-only."""
    admin_user = UserFactory(roles=[Role.ADMIN], is_superuser=True)
    client.force_login(admin_user)
    page = client.get(reverse("admin:accounts_user_change", args=[admin_user.pk])).content
    assert b"id_last_login_0" not in page
    assert b"selectfilter" not in page.lower()  # the widget of filter_horizontal
