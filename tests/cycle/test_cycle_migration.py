"""The data migration gives every existing placement without conversations its cycle, on the
dates the planning rule gives today."""

import importlib
from datetime import date

from django.apps import apps

from apps.cycle.conversations.selectors import planned_dates_for
from apps.cycle.models import Conversation, FormState, PlanningRule
from tests.factories import LearningOutcomeFactory, ProgrammeFactory, StudentProfileFactory
from tests.factories import make_placement as _make_placement

migration = importlib.import_module("apps.cycle.migrations.0008_every_placement_has_its_cycle")


def without_cycle(placement):
    """A placement as the import left it before every placement had its cycle."""
    Conversation.objects.filter(placement=placement).delete()
    return placement


def make_placement(**kwargs):
    programme = ProgrammeFactory(default_outcomes=[LearningOutcomeFactory()])
    return _make_placement(student=StudentProfileFactory(programme=programme), **kwargs)


def test_a_placement_without_conversations_gets_its_cycle(db):
    placement = without_cycle(make_placement())
    migration.give_every_placement_its_cycle(apps, None)
    conversations = placement.conversations.all()
    assert dict(conversations.values_list("kind", "planned_date")) == planned_dates_for(placement)
    for conversation in conversations.filter(kind__in=["tussenevaluatie", "eindbeoordeling"]):
        version = conversation.form.versions.get()
        assert version.state == FormState.DRAFT and version.entries.count() == 1


def test_the_frozen_planning_follows_rules_and_the_placements_own_first_day(db):
    placement = make_placement()
    PlanningRule.objects.create(programme=placement.student.programme, startgesprek_week=4)
    placement.start = date(2027, 2, 8)
    placement.save(update_fields=["start"])
    without_cycle(placement)
    migration.give_every_placement_its_cycle(apps, None)
    planned = dict(placement.conversations.values_list("kind", "planned_date"))
    assert planned == planned_dates_for(placement)
    assert planned["startgesprek"] == date(2027, 3, 1)


def test_the_planned_conversations_have_their_first_history_record(db):
    placement = without_cycle(make_placement())
    migration.give_every_placement_its_cycle(apps, None)
    startgesprek = placement.conversations.get(kind="startgesprek")
    assert startgesprek.history.get().history_change_reason == migration.REASON


def test_a_placement_with_its_cycle_is_left_alone(db):
    placement = make_placement()
    moved = placement.conversations.get(kind="startgesprek")
    Conversation.objects.filter(pk=moved.pk).update(planned_date=date(2027, 2, 16))
    migration.give_every_placement_its_cycle(apps, None)
    assert placement.conversations.count() == 4
    assert placement.conversations.get(pk=moved.pk).planned_date == date(2027, 2, 16)
