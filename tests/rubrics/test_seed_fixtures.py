"""The seed fixture `rubrics`: the role rubrics for praktijkleren and the phase table
complexe beroepsvaardigheden, faithful to the source documents."""

import re

import pytest
from django.core.management import call_command

from apps.rubrics.models import Descriptor, Rubric, RubricDimension, RubricLevel, RubricRole

ROLES = "rollen-praktijkleren"
PHASES = "complexe-beroepsvaardigheden"

DOUBLED_WORD = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)


def text_flaws(text: str) -> list[str]:
    """What a PDF extraction leaves behind: backslashes, doubled spaces, doubled words."""
    flaws = []
    if "\\" in text:
        flaws.append("backslash")
    if "  " in text or text != text.strip():
        flaws.append("witruimte")
    flaws += [f"dubbel woord ‘{m.group(0)}’" for m in DOUBLED_WORD.finditer(text)]
    return flaws


def cell(slug: str, dimension: str, level: str) -> str:
    return Descriptor.objects.get(
        dimension__rubric__slug=slug, dimension__name=dimension, level__name=level
    ).text


@pytest.fixture
def seeded(db):
    call_command("loaddata", "rubrics", verbosity=0)


def test_role_rubric_has_four_levels_seven_roles_and_thirty_dimensions(seeded):
    rubric = Rubric.objects.get(slug=ROLES)

    assert rubric.kind == "rol"
    assert list(rubric.levels.values_list("name", flat=True)) == [
        "Volgend",
        "Herkennend",
        "Relaterend",
        "Creërend",
    ]
    assert rubric.roles.count() == 7
    assert rubric.dimensions.count() == 30
    assert Descriptor.objects.filter(dimension__rubric=rubric).count() == 120


def test_phase_table_has_three_phases_and_fourteen_dimensions_without_roles(seeded):
    rubric = Rubric.objects.get(slug=PHASES)

    assert rubric.kind == "fasen"
    assert list(rubric.levels.values_list("name", flat=True)) == [
        "Beginfase",
        "Groei-fase",
        "Vergevorderde fase",
    ]
    assert rubric.roles.count() == 0
    assert rubric.dimensions.filter(role__isnull=True).count() == 14
    assert Descriptor.objects.filter(dimension__rubric=rubric).count() == 42


def test_each_role_has_the_dimensions_of_the_seed(seeded):
    roles = RubricRole.objects.filter(rubric__slug=ROLES).order_by("position")

    per_role = {role.name: role.dimensions.count() for role in roles}

    assert per_role == {
        "Accountmanager": 6,
        "Begeleider leerlingenopdracht/Coach": 6,
        "Beoordelaar": 4,
        "Vakexpert": 4,
        "Projectleider": 4,
        "Actor": 3,
        "Lerende in lerend netwerk": 3,
    }


def test_dimension_positions_run_over_the_whole_rubric_in_role_order(seeded):
    dimensions = RubricDimension.objects.filter(rubric__slug=ROLES).order_by("position")

    positions = [d.position for d in dimensions]
    role_positions = [d.role.position for d in dimensions.select_related("role")]

    assert positions == list(range(1, 31))
    assert role_positions == sorted(role_positions)


def test_role_cells_keep_the_source_wording(seeded):
    assert cell(ROLES, "Benutten van de regio", "Creërend") == (
        "… en docenten komen in overleg met de accountmanager tot nieuwe opdrachten"
    )
    assert cell(ROLES, "Planning", "Relaterend") == (
        "Leerlingen maken een eigen planning met een voorbeeldformat die gecontroleerd wordt"
    )
    assert cell(
        ROLES, "Beoordelen van de leerling aan de hand van zijn/haar portfolio", "Herkennend"
    ) == (
        "Geeft een min of meer intuïtieve beoordeling van het werk van de leerling "
        "aan de hand van het portfolio"
    )
    assert (
        cell(ROLES, "Zelfsturing", "Creërend") == "Stelt eigen leerdoelen en weet die te realiseren"
    )


def test_phase_cells_keep_the_source_wording(seeded):
    assert cell(PHASES, "Opbouw van routines", "Beginfase") == (
        "Ontwikkelt incidentele routines met hulp van externe sturing"
    )
    assert cell(PHASES, "Verantwoordelijkheid tonen en ervaren", "Vergevorderde fase") == (
        "Positioneert zich als mede-eigenaar van bredere (onderwijs)doelen"
    )
    assert cell(PHASES, "Professionele identiteit en ethisch handelen", "Groei-fase") == (
        "Herkent ethische dilemma’s en maakt afwegingen"
    )


def test_role_description_is_the_full_source_paragraph(seeded):
    actor = RubricRole.objects.get(rubric__slug=ROLES, name="Actor")
    projectleider = RubricRole.objects.get(rubric__slug=ROLES, name="Projectleider")

    assert actor.description.startswith("Actor handelt in het besef dat iedereen anders is")
    assert "om samen te onderzoeken hoe het praktijkleren" in projectleider.description
    assert projectleider.description.endswith("zicht krijgt op de leerwinsten van praktijkleren")


def test_rubrics_name_their_source(seeded):
    sources = dict(Rubric.objects.values_list("slug", "source"))

    assert "000" in sources[ROLES]
    assert sources[PHASES] == "Handboek werkplekbegeleider jaar 2, bijlage 1"


def test_loading_twice_creates_no_duplicates(seeded):
    models = [Rubric, RubricLevel, RubricRole, RubricDimension, Descriptor]
    before = [model.objects.count() for model in models]

    call_command("loaddata", "rubrics", verbosity=0)

    assert [model.objects.count() for model in models] == before


def test_every_dimension_has_one_descriptor_per_level_of_its_rubric(seeded):
    for dimension in RubricDimension.objects.select_related("rubric"):
        levels = list(dimension.descriptors.values_list("level_id", flat=True))

        assert sorted(levels) == sorted(dimension.rubric.levels.values_list("id", flat=True))


def test_no_text_shows_pdf_extraction_flaws(seeded):
    texts = [
        *Descriptor.objects.values_list("text", flat=True),
        *RubricDimension.objects.values_list("name", flat=True),
        *RubricRole.objects.values_list("name", flat=True),
        *RubricRole.objects.values_list("description", flat=True),
        *Rubric.objects.values_list("description", flat=True),
    ]

    flawed = {text: text_flaws(text) for text in texts if text_flaws(text)}

    assert flawed == {}


def test_the_flaw_check_finds_what_it_should():
    assert text_flaws("Kent zich\\zelf") == ["backslash"]
    assert text_flaws("van de  leerling") == ["witruimte"]
    assert text_flaws("met de de leerling") == ["dubbel woord ‘de de’"]
    assert text_flaws("Kent zichzelf zo goed") == []
