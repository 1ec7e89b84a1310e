"""The judgements CSV for the examination board (apps/cycle/records/judgements.py)."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from apps.accounts.models import AuditEvent, Role
from apps.cycle.conversations.services import conversations_plan
from apps.cycle.feedback.services import form_correct, form_version_fingerprint, form_version_send
from apps.cycle.models import FormEntry, FormState, FormVersion
from apps.cycle.procedure.services import (
    disagreement_escalate,
    disagreement_open,
    disagreement_resolve,
)
from tests.factories import (
    PeriodFactory,
    StudentProfileFactory,
    UserFactory,
    make_placement,
    make_placements,
)
from tests.querycount import queries_for

URL = reverse("cycle:judgements_export")


def send(version, by, judgement="voldaan"):
    version.entries.update(judgement=judgement, confidence_year3=True)
    return form_version_send(by=by, version=version)


def send_in_bulk(versions, by, judgement="voldaan"):
    """`send` for many versions at once: what form_version_send writes, in a few queries."""
    versions = list(versions.prefetch_related("entries__indicators_seen"))
    FormEntry.objects.filter(version__in=versions).update(
        judgement=judgement, confidence_year3=True
    )
    now = timezone.now()
    for version in versions:
        for entry in version.entries.all():
            entry.judgement, entry.confidence_year3 = judgement, True
        version.state, version.sent_by, version.sent_at = FormState.SENT, by, now
        version.fingerprint = form_version_fingerprint(version)
    bulk_update_with_history(
        versions, FormVersion, ["state", "sent_by", "sent_at", "fingerprint"], default_user=by
    )


def download(client, **filters) -> tuple:
    response = client.get(URL, {"download": "csv", **filters})
    assert response.status_code == 200, response.content[:500]
    text = response.content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    return response, text, rows[0], rows[1:]


@pytest.fixture
def exported(client, instituutsopleider, eind, mentor):
    send(eind, mentor)
    client.force_login(instituutsopleider)
    return client


def column(header, rows, name):
    return [row[header.index(name)] for row in rows]


def test_csv_is_semicolon_separated_utf8_with_bom_for_excel(exported):
    response, text, header, _rows = download(exported)
    assert text.startswith("\ufeffStudentnummer;Naam;Opleiding;Periode;School;Formulier")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]


def test_one_row_per_outcome_with_student_judgement_version_and_sender(
    exported, eind, student, mentor
):
    _r, _t, header, rows = download(exported)
    assert column(header, rows, "Leeruitkomst") == ["5.1", "5.4"]
    first = dict(zip(header, rows[0], strict=True))
    assert first["Studentnummer"] == student.student_number
    assert first["Naam"] == "Sanne Student"
    assert first["Formulier"] == "Eindbeoordeling"
    assert first["Oordeel"] == "Voldaan"
    assert first["Vertrouwen in afronding jaar 3"] == "ja"
    assert first["Versie"] == "1"
    assert first["Verzonden door"] == mentor.full_name
    sent_at = timezone.localtime(FormVersion.objects.get(pk=eind.pk).sent_at)
    assert first["Verzonden op"] == sent_at.strftime("%Y-%m-%d %H:%M")


def test_unsent_forms_are_not_exported(client, instituutsopleider, eind):
    client.force_login(instituutsopleider)
    assert download(client)[3] == []


def test_a_sent_correction_replaces_the_earlier_version(exported, eind, mentor):
    sent = FormVersion.objects.get(pk=eind.pk)
    correction = form_correct(by=mentor, version=sent, reason="Oordeel verkeerd ingevuld.")
    _r, _t, header, rows = download(exported)
    assert set(column(header, rows, "Versie")) == {"1"}  # the correction is not sent yet
    send(correction, mentor, judgement="niet_voldaan")
    _r, _t, header, rows = download(exported)
    assert column(header, rows, "Versie") == ["2", "2"]
    assert column(header, rows, "Oordeel") == ["Niet voldaan", "Niet voldaan"]


def test_filter_by_form_kind(exported, tussen, mentor):
    send(tussen, mentor, judgement="")
    _r, _t, header, rows = download(exported, formulier="tussenevaluatie")
    assert set(column(header, rows, "Formulier")) == {"Tussenevaluatie"}
    assert len(download(exported)[3]) == 4


def test_filter_by_outcome(exported, outcomes):
    klimaat, _ppi = outcomes
    _r, _t, header, rows = download(exported, leeruitkomst=f"lu-{klimaat.pk}")
    assert column(header, rows, "Leeruitkomst") == ["5.1"]


def test_filter_by_period_and_programme(exported, cycle_placement, instituutsopleider, mentor):
    other = make_placement(
        student=StudentProfileFactory(programme=cycle_placement.student.programme),
        instituutsopleider=instituutsopleider,
        werkplekbegeleider=mentor,
    )
    conversations_plan(by=None, placement=other)
    send(
        FormVersion.objects.get(
            form__conversation__placement=other,
            number=1,
            form__conversation__kind="eindbeoordeling",
        ),
        mentor,
    )
    period = cycle_placement.periods.get()
    _r, _t, header, rows = download(exported, periode=period.pk)
    assert set(column(header, rows, "Periode")) == {period.name}
    assert set(column(header, rows, "Naam")) == {"Sanne Student"}
    programme = cycle_placement.student.programme
    assert len(download(exported, opleiding=programme.pk)[3]) == 4


def test_a_decided_disagreement_exports_the_decided_judgement(
    exported, eind, mentor, instituutsopleider
):
    entry = eind.entries.select_related("version").order_by("placement_outcome__outcome__position")[
        0
    ]
    # Two tiers: the opleider doubts, the mentor brings in the instituutsopleider, who decides.
    disagreement = disagreement_open(
        category="niveau",
        by=entry.version.form.conversation.placement.opleider,
        entry=entry,
        reason="Te globaal.",
    )
    disagreement_escalate(by=mentor, disagreement=disagreement, note="Geen overeenstemming.")
    disagreement_resolve(
        by=instituutsopleider,
        disagreement=disagreement,
        agreed=False,
        judgement="niet_voldaan",
        rationale="De voorbeelden dragen het oordeel niet.",
    )
    _r, _t, header, rows = download(exported)
    assert rows[0][header.index("Oordeel")] == "Niet voldaan"
    assert "oorspronkelijk oordeel: Voldaan" in rows[0][header.index("Meningsverschil")]


def test_instituutsopleider_exports_only_the_placements_they_may_see(exported, mentor):
    stranger = make_placement(
        werkplekbegeleider=mentor,
        instituutsopleider=UserFactory(roles=[Role.INSTITUUTSOPLEIDER]),
        student=StudentProfileFactory(user__full_name="Vera Vreemd"),
    )
    conversations_plan(by=None, placement=stranger)
    _r, _t, header, rows = download(exported)
    assert "Vera Vreemd" not in column(header, rows, "Naam")


def test_admin_exports_every_placement(client, admin_user, eind, mentor):
    send(eind, mentor)
    client.force_login(admin_user)
    assert len(download(client)[3]) == 2


def test_export_is_recorded_in_the_audit_log(exported, instituutsopleider):
    download(exported, formulier="eindbeoordeling")
    event = AuditEvent.objects.get(action="judgements.exported")
    assert event.actor == instituutsopleider
    assert event.detail == {"filters": {"kind": "eindbeoordeling"}, "rows": 2}


def test_an_unknown_choice_is_refused_in_dutch_and_the_other_choices_stay(
    exported, cycle_placement
):
    period = cycle_placement.periods.get()
    response = exported.get(URL, {"download": "csv", "periode": period.pk, "opleiding": "999"})
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert f'<option value="{period.pk}" selected>' in response.content.decode()
    assert not AuditEvent.objects.filter(action="judgements.exported").exists()


def test_the_page_without_download_shows_the_filter_form(exported):
    response = exported.get(URL)
    assert response.status_code == 200
    assert "CSV downloaden" in response.content.decode()


def test_a_name_that_looks_like_a_formula_is_exported_as_text(exported, student):
    student.user.full_name = '=HYPERLINK("http://x")'
    student.user.save()
    _r, _t, header, rows = download(exported)
    assert rows[0][header.index("Naam")] == '\'=HYPERLINK("http://x")'


def test_the_dashboard_links_to_the_export(exported):
    assert URL in exported.get(reverse("home")).content.decode()


# --- Query budget: the same number of queries at 5 and at 500 placements ----------------------


def grow(count: int, *, programme, mentor, period) -> None:
    """`count` placements whose eindbeoordeling is sent with a judgement: a few through the
    services, many in bulk (the same rows, tests/test_factories.py)."""
    if count > 5:
        placements = make_placements(
            count, programme=programme, werkplekbegeleider=mentor, period=period
        )
        send_in_bulk(
            FormVersion.objects.filter(
                form__conversation__placement__in=placements,
                form__conversation__kind="eindbeoordeling",
            ),
            mentor,
        )
        return
    for _ in range(count):
        placement = make_placement(
            student=StudentProfileFactory(programme=programme),
            werkplekbegeleider=mentor,
            period=period,
        )
        conversations_plan(by=None, placement=placement)
        send(
            FormVersion.objects.get(
                form__conversation__placement=placement, form__conversation__kind="eindbeoordeling"
            ),
            mentor,
        )


def test_export_queries_do_not_grow_with_placements(client, admin_user, cycle_placement, mentor):
    # Session, user (2; a superuser needs no role lookup) + filter choices: outcomes, subject
    # outcomes, periods, programmes (4) + entries, periods, disagreements (3) + audit line: 10.
    client.force_login(admin_user)
    period, programme = PeriodFactory(), cycle_placement.student.programme
    grow(5, programme=programme, mentor=mentor, period=period)
    url = f"{URL}?download=csv&periode={period.pk}"
    at_5, page_at_5 = queries_for(client, url), queries_for(client, URL)
    grow(495, programme=programme, mentor=mentor, period=period)
    assert queries_for(client, url) == at_5 == 10
    # The form page: session, user, the four filter choices, and for the navigation the roles
    # and one query counting unread notifications and what waits: 8.
    assert queries_for(client, URL) == page_at_5 == 8
    assert client.get(url).content.decode().count("\r\n") == 1 + 500 * 2
