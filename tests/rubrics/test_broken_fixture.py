"""loaddata refuses rubric data that does not hang together, and then loads nothing."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError

from apps.rubrics.models import Descriptor, Rubric, RubricDimension, RubricLevel, RubricRole

ROLES = "rollen-praktijkleren"
PHASES = "complexe-beroepsvaardigheden"


def counts() -> list[int]:
    models = [Rubric, RubricLevel, RubricRole, RubricDimension, Descriptor]
    return [model.objects.count() for model in models]


def fixture(tmp_path, *objects) -> str:
    path = tmp_path / "kapot.json"
    path.write_text(json.dumps(list(objects)), encoding="utf-8")
    return str(path)


def new_dimension(role=None) -> dict:
    fields = {"rubric": [PHASES], "position": 15, "name": "Nieuw", "role": role}
    return {"model": "rubrics.rubricdimension", "fields": fields}


@pytest.fixture
def seeded(db):
    call_command("loaddata", "rubrics", verbosity=0)
    return counts()


def test_a_descriptor_with_a_level_of_another_rubric_is_refused(seeded, tmp_path):
    descriptor = {"dimension": [PHASES, 15], "level": [ROLES, 4], "text": "Kapot"}
    path = fixture(tmp_path, new_dimension(), {"model": "rubrics.descriptor", "fields": descriptor})

    with pytest.raises(CommandError, match="niveau ‘Creërend’ van een andere rubric"):
        call_command("loaddata", path, verbosity=0)

    assert counts() == seeded
    assert not Descriptor.objects.filter(text="Kapot").exists()


def test_moving_an_existing_descriptor_to_another_rubrics_level_is_rolled_back(seeded, tmp_path):
    descriptor = {"dimension": [PHASES, 1], "level": [ROLES, 1], "text": "Kapot"}
    path = fixture(tmp_path, {"model": "rubrics.descriptor", "fields": descriptor})

    with pytest.raises(CommandError, match="De rubrics kloppen niet; er is niets geladen"):
        call_command("loaddata", path, verbosity=0)

    first = Descriptor.objects.get(
        dimension__rubric__slug=PHASES, dimension__position=1, level__position=1
    )
    assert first.level.rubric.slug == PHASES
    assert first.text == "Ontwikkelt incidentele routines met hulp van externe sturing"


def test_a_dimension_with_a_role_of_another_rubric_is_refused(seeded, tmp_path):
    path = fixture(tmp_path, new_dimension(role=[ROLES, 1]))

    with pytest.raises(CommandError, match="rol ‘Accountmanager’ van een andere rubric"):
        call_command("loaddata", path, verbosity=0)

    assert counts() == seeded


def test_a_duplicate_level_is_refused_by_the_database(seeded, tmp_path):
    level = {"rubric": [PHASES], "position": 4, "name": "Beginfase"}
    path = fixture(tmp_path, {"model": "rubrics.rubriclevel", "fields": level})

    with pytest.raises(IntegrityError, match="Could not load rubrics.RubricLevel"):
        call_command("loaddata", path, verbosity=0)

    assert counts() == seeded
