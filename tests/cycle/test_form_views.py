import io

from django.urls import reverse
from pypdf import PdfReader

from apps.cycle.models import FormState
from tests.factories import make_placement, make_placements
from tests.querycount import queries_for


def post_reflection(client, version, text="Mijn reflectie", submit=False, lock=None):
    data = {"lock_version": version.lock_version if lock is None else lock}
    for entry in version.entries.all():
        data[f"e{entry.pk}-self_reflection"] = text
    if submit:
        data["submit"] = "1"
    return client.post(reverse("cycle:form_reflection", args=[version.pk]), data)


def test_student_sees_the_kijkkader_beside_the_reflection(client, eind, student):
    client.force_login(student.user)
    page = client.get(reverse("cycle:form", args=[eind.pk])).content.decode()
    assert "Je past consequent routines toe." in page
    assert "Indienen bij werkplekbegeleider" in page


def test_student_submits_the_reflection(client, eind, student):
    client.force_login(student.user)
    response = post_reflection(client, eind, submit=True)
    eind.refresh_from_db()
    assert response.status_code == 302 and eind.state == FormState.SUBMITTED


def test_over_long_text_is_refused_and_the_typed_text_kept(client, eind, student):
    client.force_login(student.user)
    response = post_reflection(client, eind, text="x" * 5001 + "EINDE")
    page = response.content.decode()
    assert response.status_code == 400
    assert "maximaal 5000 tekens" in page and "EINDE" in page
    assert not eind.entries.exclude(self_reflection="").exists()


def test_stale_save_shows_a_clear_message_and_keeps_the_text(client, eind, student):
    client.force_login(student.user)
    post_reflection(client, eind, text="Eerste tab")
    response = post_reflection(client, eind, text="Tweede tab", lock=0)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Tweede tab" in page and "Eerste tab" in page


def test_autosave_answers_with_the_new_counter(client, eind, student):
    client.force_login(student.user)
    data = {"lock_version": 0, **{f"e{e.pk}-self_reflection": "x" for e in eind.entries.all()}}
    response = client.post(
        reverse("cycle:form_reflection", args=[eind.pk]), data, headers={"X-Autosave": "1"}
    )
    assert response.json() == {"lock_version": 1, "saved": True}


def test_mentor_cannot_write_the_students_reflection(client, eind, mentor):
    client.force_login(mentor)
    assert post_reflection(client, eind).status_code == 403


def test_forged_post_for_another_students_form_is_404(client, eind, outsider):
    client.force_login(outsider)
    assert post_reflection(client, eind).status_code == 404
    assert not eind.entries.exclude(self_reflection="").exists()


def test_unknown_judgement_value_is_refused(client, eind, mentor):
    client.force_login(mentor)
    entry = eind.entries.get(placement_outcome__outcome__code="5.1")
    response = client.post(
        reverse("cycle:form_feedback", args=[eind.pk]),
        {"lock_version": 0, f"e{entry.pk}-judgement": "uitstekend"},
    )
    assert response.status_code == 400
    assert "Kies voldaan of niet voldaan" in response.content.decode()


def test_indicative_indicators_cannot_be_ticked(client, eind, mentor):
    client.force_login(mentor)
    entry = eind.entries.get(placement_outcome__outcome__code="5.1")
    indicative = entry.placement_outcome.outcome.dimensions.get(is_indicative=True).indicators.get()
    response = client.post(
        reverse("cycle:form_feedback", args=[eind.pk]),
        {"lock_version": 0, f"e{entry.pk}-indicators_seen": [indicative.pk]},
    )
    assert response.status_code == 400
    assert not entry.indicators_seen.exists()


def test_mentor_ticks_indicators_and_writes_feedback(client, eind, mentor):
    client.force_login(mentor)
    entry = eind.entries.get(placement_outcome__outcome__code="5.1")
    seen = entry.gradable_indicators[0]
    client.post(
        reverse("cycle:form_feedback", args=[eind.pk]),
        {
            "lock_version": 0,
            f"e{entry.pk}-indicators_seen": [seen.pk],
            f"e{entry.pk}-feedback": "Zag ik.",
        },
    )
    entry.refresh_from_db()
    assert entry.feedback == "Zag ik." and list(entry.indicators_seen.all()) == [seen]


def test_ticked_indicator_is_shown_ticked_and_the_others_not(client, eind, mentor):
    entry = eind.entries.get(placement_outcome__outcome__code="5.1")
    seen, unseen = entry.gradable_indicators[:2]
    entry.indicators_seen.set([seen])
    client.force_login(mentor)
    page = client.get(reverse("cycle:form", args=[eind.pk])).content.decode()
    assert f'value="{seen.pk}" id="e{entry.pk}-ind-{seen.pk}" checked>' in page
    assert f'value="{unseen.pk}" id="e{entry.pk}-ind-{unseen.pk}">' in page


def test_saving_feedback_again_keeps_the_ticked_indicators(client, eind, mentor):
    entry = eind.entries.get(placement_outcome__outcome__code="5.1")
    seen = entry.gradable_indicators[0]
    client.force_login(mentor)
    url = reverse("cycle:form_feedback", args=[eind.pk])
    data = {f"e{entry.pk}-indicators_seen": [seen.pk], f"e{entry.pk}-feedback": "Zag ik."}
    client.post(url, {"lock_version": 0, **data})
    client.post(url, {"lock_version": 1, **data, f"e{entry.pk}-feedback": "Zag ik weer."})
    entry.refresh_from_db()
    assert entry.feedback == "Zag ik weer." and list(entry.indicators_seen.all()) == [seen]


def test_global_phrase_gives_a_warning_that_does_not_block(client, eind, mentor):
    client.force_login(mentor)
    entry = eind.entries.first()
    client.post(
        reverse("cycle:form_feedback", args=[eind.pk]),
        {"lock_version": 0, f"e{entry.pk}-feedback": "Gaat wel goed."},
    )
    page = client.get(reverse("cycle:form", args=[eind.pk])).content.decode()
    assert "is een algemeen oordeel" in page


def test_instituutsopleider_does_not_see_draft_feedback(client, eind, mentor, instituutsopleider):
    eind.entries.update(feedback="Geheime conceptfeedback")
    client.force_login(instituutsopleider)
    page = client.get(reverse("cycle:form", args=[eind.pk])).content.decode()
    assert "Geheime conceptfeedback" not in page


def test_form_and_placement_pages_cost_the_same_at_5_and_500_placements(
    client, eind, mentor, cycle_placement
):
    # session, user, roles, version (+ placement people), visible placements subquery,
    # entries, indicators seen, kijkkader dimensions and indicators, versions list,
    # notification count, indicators seen in lesson observations since the previous form and
    # the observations the version rests on; none of them per placement or per outcome.
    client.force_login(mentor)
    urls = [
        reverse("cycle:form", args=[eind.pk]),
        reverse("cycle:placement", args=[cycle_placement.pk]),
    ]
    for _ in range(4):
        make_placement(werkplekbegeleider=mentor)
    at_5 = [queries_for(client, url) for url in urls]
    make_placements(495, werkplekbegeleider=mentor)
    at_500 = [queries_for(client, url) for url in urls]
    assert at_5 == at_500
    # 12, plus the student's evidence per outcome (1) and the lesson observations seen since the
    # last form and those the version rests on (2), and the beslisregels in force (1)
    assert max(at_500) <= 16


def test_draft_pdf_leaves_out_what_the_reader_may_not_see_yet(
    client, eind, student, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    eind.entries.update(feedback="Conceptfeedback van de mentor")
    client.force_login(student.user)
    response = client.get(reverse("cycle:form_pdf", args=[eind.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Conceptfeedback" not in text


def test_vakdidactiek_outcomes_come_after_the_learning_outcomes(client, outcomes, student, mentor):
    from apps.cycle.conversations.services import conversations_plan
    from apps.outcomes.models import SubjectOutcome
    from tests.cycle.conftest import version_of
    from tests.factories import ProgrammeFactory

    vak = SubjectOutcome.objects.create(subject="BI", title="Practicum biologie", ects=2)
    student.programme = ProgrammeFactory(default_outcomes=list(outcomes))
    student.programme.subject_outcomes.add(vak)
    student.save()
    placement = make_placement(student=student, werkplekbegeleider=mentor)
    conversations_plan(by=None, placement=placement)
    client.force_login(student.user)
    version = version_of(placement, "tussenevaluatie")
    page = client.get(reverse("cycle:form", args=[version.pk])).content.decode()
    assert page.index("Creëren van positief leerklimaat") < page.index("Practicum biologie")


def test_the_edit_counter_in_each_form_of_the_page_has_no_repeated_id(client, eind, mentor):
    eind.state = FormState.SUBMITTED
    eind.save(update_fields=["state"])
    client.force_login(mentor)
    page = client.get(reverse("cycle:form", args=[eind.pk])).content.decode()
    assert page.count('name="lock_version"') == 2  # the feedback form and the send form
    assert 'id="id_lock_version"' not in page
