import pytest
from django.core import mail

from apps.accounts.models import MailStatus, Notification, OutboxMail
from apps.core.concurrency import StaleEdit
from apps.cycle.common import CycleError
from apps.cycle.feedback.services import form_feedback_save, form_reflection_save, form_send
from apps.cycle.models import FormState
from apps.placements.models import Placement, PlacementStatus

CONCRETE = "In de les van 3 maart zag ik dat je de regels herhaalde en consequent ingreep."


def reflect(version, by, submit=True):
    return form_reflection_save(
        by=by,
        version=version,
        lock_version=version.lock_version,
        reflections={e.pk: "Ik heb de start van de les veranderd." for e in version.entries.all()},
        submit=submit,
    )


def complete_feedback(version, by):
    values = {}
    for e in version.entries.select_related("placement_outcome__outcome"):
        data = {"feedback": CONCRETE, "feed_forward": "Volgende stap: korter instrueren."}
        if e.placement_outcome.wpb_judges:
            data |= {"judgement": "voldaan", "motivation": CONCRETE, "confidence_year3": True}
        else:
            data |= {"development_made": "Meer rust.", "development_to_make": "Theorie koppelen."}
        values[e.pk] = data
    return form_feedback_save(
        by=by, version=version, lock_version=version.lock_version, values=values
    )


def test_student_saves_a_draft_as_often_as_they_like(eind, student):
    once = reflect(eind, student.user, submit=False)
    twice = reflect(once, student.user, submit=False)
    assert twice.state == FormState.DRAFT and twice.lock_version == 2


def test_submitting_needs_a_reflection_on_every_outcome(eind, student):
    with pytest.raises(CycleError, match="Schrijf eerst een zelfreflectie"):
        form_reflection_save(
            by=student.user, version=eind, lock_version=0, reflections={}, submit=True
        )


def test_submitting_tells_the_mentor(eind, student, mentor):
    reflect(eind, student.user)
    assert Notification.objects.filter(recipient=mentor).count() == 1


def test_second_save_with_an_old_counter_is_refused_with_the_other_change(
    eind, mentor, schoolopleider
):
    entry = eind.entries.first()
    form_feedback_save(
        by=mentor, version=eind, lock_version=0, values={entry.pk: {"feedback": "Versie van Wendy"}}
    )
    with pytest.raises(StaleEdit) as refused:
        form_feedback_save(
            by=schoolopleider,
            version=eind,
            lock_version=0,
            values={entry.pk: {"feedback": "Van Sandra"}},
        )
    assert refused.value.current[entry.pk]["feedback"] == "Versie van Wendy"
    assert "Wendy Werkplek" in str(refused.value)


def test_sending_an_incomplete_eindbeoordeling_is_refused(eind, student, mentor):
    submitted = reflect(eind, student.user)
    with pytest.raises(CycleError, match="kies voldaan of niet voldaan"):
        form_send(by=mentor, version=submitted, lock_version=submitted.lock_version)


def test_sending_makes_it_read_only_and_tells_everyone(
    eind, student, mentor, schoolopleider, instituutsopleider, django_capture_on_commit_callbacks
):
    saved = complete_feedback(reflect(eind, student.user), mentor)
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves after the commit
        sent = form_send(by=mentor, version=saved, lock_version=saved.lock_version)
    assert sent.is_sent
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [student.user.email, schoolopleider.email, instituutsopleider.email]
    )
    with pytest.raises(CycleError, match="al verzonden"):
        form_feedback_save(by=mentor, version=sent, lock_version=sent.lock_version, values={})


def test_sending_succeeds_while_the_mail_server_is_down(
    settings, eind, student, mentor, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.accounts.test_outbox.FailingBackend"
    saved = complete_feedback(reflect(eind, student.user), mentor)
    with django_capture_on_commit_callbacks(execute=True):
        sent = form_send(by=mentor, version=saved, lock_version=saved.lock_version)
    assert sent.is_sent
    assert set(OutboxMail.objects.values_list("status", flat=True)) == {MailStatus.PENDING}


def test_sending_the_eindbeoordeling_completes_the_placement(eind, student, mentor):
    saved = complete_feedback(reflect(eind, student.user), mentor)
    form_send(by=mentor, version=saved, lock_version=saved.lock_version)
    placement = Placement.objects.get(pk=eind.form.conversation.placement_id)
    assert placement.status == PlacementStatus.COMPLETED


def test_sending_the_tussenevaluatie_leaves_the_placement_as_it_was(tussen, student, mentor):
    saved = complete_feedback(reflect(tussen, student.user), mentor)
    form_send(by=mentor, version=saved, lock_version=saved.lock_version)
    placement = Placement.objects.get(pk=tussen.form.conversation.placement_id)
    assert placement.status == PlacementStatus.PLANNED


def test_a_double_submit_of_send_is_refused(eind, student, mentor):
    saved = complete_feedback(reflect(eind, student.user), mentor)
    form_send(by=mentor, version=saved, lock_version=saved.lock_version)
    with pytest.raises(CycleError):
        form_send(by=mentor, version=saved, lock_version=saved.lock_version)


def test_every_change_is_kept_with_who(eind, mentor):
    entry = eind.entries.first()
    form_feedback_save(
        by=mentor, version=eind, lock_version=0, values={entry.pk: {"feedback": "Eerste"}}
    )
    form_feedback_save(
        by=mentor, version=eind, lock_version=1, values={entry.pk: {"feedback": "Tweede"}}
    )
    texts = list(entry.history.order_by("history_date").values_list("feedback", "history_user"))
    assert texts[-2:] == [("Eerste", mentor.pk), ("Tweede", mentor.pk)]


def test_an_entry_of_another_form_is_refused(eind, tussen, mentor):
    foreign = tussen.entries.first()
    with pytest.raises(CycleError, match="hoort niet bij dit formulier"):
        form_feedback_save(
            by=mentor, version=eind, lock_version=0, values={foreign.pk: {"feedback": "x"}}
        )
