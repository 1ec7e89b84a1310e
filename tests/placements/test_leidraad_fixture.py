"""The seed fixture `leidraad`: the Leidraad goede leerwerkplek, 13 groups of criteria.

Which criteria concern the student (`concerns_student`): the student evaluates, at the end of
a placement, what they experienced there themselves. That is every criterion in the groups
Begeleiding richt zich op, Veiligheid, Communicatie and Praktisch, except the two the student
cannot see from inside the placement: communication between school and institute, and where
the next placement will be. All other groups are about the school's organisation.
"""

import pytest
from django.core.management import call_command

from apps.placements.models import QualityCriterion, QualityCriterionGroup
from tests.rubrics.test_seed_fixtures import text_flaws

STUDENT_GROUPS = {"Begeleiding richt zich op", "Veiligheid", "Communicatie", "Praktisch"}
NOT_SEEN_BY_STUDENT = {
    "Heldere communicatie over organisatie en planning met instituut",
    "Elke volgende stage is op een andere school, bij voorkeur met een ander type onderwijs "
    "(onderbouw AVO, (V)MBO)",
}


@pytest.fixture
def seeded(db):
    call_command("loaddata", "leidraad", verbosity=0)


def test_thirteen_groups_with_the_criteria_of_the_leidraad(seeded):
    groups = QualityCriterionGroup.objects.order_by("position")

    per_group = [(group.name, group.criteria.count()) for group in groups]

    assert per_group == [
        ("Visie", 2),
        ("Positionering", 2),
        ("Werkplekcurriculum", 5),
        ("Kwaliteit personeel", 8),
        ("Begeleiding richt zich op", 20),
        ("Veiligheid", 7),
        ("Beoordeling", 2),
        ("Randvoorwaarden", 8),
        ("Communicatie", 4),
        ("Observeren en oriëntatie", 5),
        ("Deelname aan activiteiten in de dagelijkse schoolpraktijk", 5),
        ("Praktisch", 8),
        ("Kwaliteitszorg", 3),
    ]


def test_criteria_keep_the_source_wording(seeded):
    texts = set(QualityCriterion.objects.values_list("text", flat=True))

    assert "Ruimte om ‘nee’ te zeggen tegen aanvullende taken" in texts
    assert (
        "Student weet waar hij terecht kan bij problemen, bv een mismatch met de wpb of "
        "(dreigende) studieachterstand"
    ) in texts
    assert (
        "Flexibel opleiden: maatwerk in begeleiding, rekening houdend met specifieke behoeftes "
        "van bv zij-instromers, versnellers, studenten van pdg, kopopleiding en minor"
    ) in texts
    assert "BRLO geregistreerde schoolopleider (minimaal één)" in texts


def test_criteria_are_numbered_within_their_group(seeded):
    first = QualityCriterion.objects.get(group__position=5, position=1)
    last = QualityCriterion.objects.get(group__position=13, position=3)

    assert first.text == "Welkom heten in de schoolorganisatie"
    assert (
        last.text == "Programmaleiding opleidingsschool controleert kwaliteit van de leerwerkplek"
    )


def test_loading_twice_creates_no_duplicates(seeded):
    before = (QualityCriterionGroup.objects.count(), QualityCriterion.objects.count())

    call_command("loaddata", "leidraad", verbosity=0)

    assert (QualityCriterionGroup.objects.count(), QualityCriterion.objects.count()) == before


def test_student_evaluates_what_they_experience_in_the_placement(seeded):
    for criterion in QualityCriterion.objects.select_related("group"):
        expected = (
            criterion.group.name in STUDENT_GROUPS and criterion.text not in NOT_SEEN_BY_STUDENT
        )

        assert criterion.concerns_student == expected, criterion.text
    assert QualityCriterion.objects.filter(concerns_student=True).count() == 37


def test_no_text_shows_pdf_extraction_flaws(seeded):
    texts = [
        *QualityCriterion.objects.values_list("text", flat=True),
        *QualityCriterionGroup.objects.values_list("name", flat=True),
    ]

    assert {text: text_flaws(text) for text in texts if text_flaws(text)} == {}
