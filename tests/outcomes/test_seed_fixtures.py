"""The seed fixture `outcomes`: the handbook's year-2 outcomes, kijkkaders, maatwerk and
vakdidactiek, loaded by natural key."""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count

from apps.outcomes.models import Indicator, KijkkaderDimension, LearningOutcome, SubjectOutcome

pytestmark = pytest.mark.django_db

MODELS = [LearningOutcome, KijkkaderDimension, Indicator, SubjectOutcome]


@pytest.fixture(autouse=True)
def seed():
    call_command("loaddata", "outcomes", verbosity=0)


def indicator(code, dimension, position):
    return Indicator.objects.get(
        dimension__outcome__code=code, dimension__position=dimension, position=position
    ).text


def texts():
    """Every text the fixture puts in the database."""
    for outcome in LearningOutcome.objects.all():
        yield from (outcome.title, outcome.description, outcome.assessment_description)
        yield from (outcome.level_expectations, outcome.wpb_part_description)
        yield outcome.maatwerk_route
    yield from KijkkaderDimension.objects.values_list("name", flat=True)
    yield from Indicator.objects.values_list("text", flat=True)
    yield from SubjectOutcome.objects.values_list("title", flat=True)


def test_year_two_has_five_outcomes_in_the_order_of_the_first_list():
    codes = LearningOutcome.objects.filter(study_year=2, is_maatwerk=False)
    assert [(o.code, o.position) for o in codes] == [
        ("5.1", 1),
        ("5.2", 2),
        ("5.3", 3),
        ("5.4", 4),
        ("5.5", 5),
    ]


def test_ppi_is_5_4_and_ict_is_5_5():
    assert LearningOutcome.objects.get(code="5.4").title.endswith("(PPI)")
    assert LearningOutcome.objects.get(code="5.5").title == "Leren en lesgeven met ict"


def test_every_kijkkader_has_its_dimensions_and_indicators():
    rows = KijkkaderDimension.objects.annotate(n=Count("indicators")).order_by(
        "outcome__code", "position"
    )
    counts = {}
    for dim in rows:
        counts.setdefault(dim.outcome.code, []).append(dim.n)
    assert counts == {
        "5.1": [10, 6, 4, 3],
        "5.2": [4, 7, 7, 6],
        "5.3": [6, 6, 6, 6],
        "5.4": [5, 6, 5, 5, 3],
        "5.5": [3, 3, 1, 4],
    }


def test_totals_of_dimensions_and_indicators():
    assert KijkkaderDimension.objects.count() == 21
    assert Indicator.objects.count() == 106


def test_dimension_names_of_afstemmen_op_de_lerende():
    names = KijkkaderDimension.objects.filter(outcome__code="5.2").values_list("name", flat=True)
    assert list(names) == [
        "Inventariseren van behoeften",
        "Didactisch afstemmen",
        "Pedagogisch afstemmen",
        "Inzicht eigen handelen",
    ]


def test_indicator_texts_are_whole_and_joined_across_line_breaks():
    assert indicator("5.1", 1, 1) == (
        "Je kunt uitleggen welke regels en routines je in de klas hanteert, waarom je daarvoor "
        "gekozen hebt en hoe ze bijdragen aan rust en voorspelbaarheid."
    )
    assert indicator("5.2", 2, 7) == (
        "Je benoemt welke executieve functies relevant zijn voor jouw les en hoe je daar "
        "rekening mee hebt gehouden."
    )


def test_indicators_of_the_formative_outcomes():
    assert indicator("5.5", 3, 1) == (
        "Je voert het ontwerp uit in de praktijk en toont daarbij aan dat je de gekozen "
        "ict-middelen beheerst en effectief kunt inzetten."
    )
    assert indicator("5.4", 5, 3).endswith(
        "Deze ontwikkeldoelen volgen logisch uit het toekomstbeeld."
    )


def test_indicator_after_a_page_break_stays_in_its_dimension():
    assert indicator("5.1", 3, 4) == (
        "Je spreekt waardering uit voor inzet en voortgang, en stimuleert leerlingen om verder "
        "te denken of proberen."
    )


def test_description_is_the_full_paragraph_of_chapter_5():
    description = LearningOutcome.objects.get(code="5.3").description
    assert description.startswith("Je zet passende leeractiviteiten in om de doelen te behalen.")
    assert description.endswith(
        "passend en effectief zijn geweest voor het verwerken van de leerstof."
    )


def test_only_differentiatie_under_leerstof_verwerken_is_indicative():
    indicative = KijkkaderDimension.objects.filter(is_indicative=True)
    assert [(d.outcome.code, d.name) for d in indicative] == [("5.3", "Differentiatie")]
    assert indicative.get().indicators.count() == 6


def test_afstemmen_en_creeren_1_is_summative_at_tussenniveau_and_asks_confidence():
    for outcome in LearningOutcome.objects.filter(code__in=["5.1", "5.2"]):
        assert (outcome.assessment, outcome.level, outcome.summative_year) == (
            "summatief",
            "tussenniveau",
            2,
        )
        assert outcome.teaching_unit == "Afstemmen en creëren 1"
        assert outcome.asks_confidence
        assert "4. Opties afweegt op basis van ervaring en kennis." in outcome.level_expectations


def test_leerstof_verwerken_is_judged_by_the_wpb_without_confidence_question():
    outcome = LearningOutcome.objects.get(code="5.3")
    assert (outcome.assessment, outcome.wpb_part) == ("summatief", "beoordelen_en_begeleiden")
    assert not outcome.asks_confidence
    assert "vakinhoudelijke kennisbasis" in outcome.level_expectations


def test_ppi_and_ict_are_formative_now_and_summative_in_year_four():
    for outcome in LearningOutcome.objects.filter(code__in=["5.4", "5.5"]):
        assert (outcome.assessment, outcome.summative_year) == ("formatief", 4)
        assert outcome.wpb_part == "begeleiden_en_feedback"
        assert "3. Aan te geven welke ontwikkeling" in outcome.assessment_description


def test_ppi_kijkkader_is_formulated_at_the_end_level():
    ppi = LearningOutcome.objects.get(code="5.4")
    assert "geformuleerd op het eindniveau (afronding afstudeerfase)" in ppi.level_expectations


def test_maatwerk_outcomes_of_year_one():
    maatwerk = LearningOutcome.objects.filter(is_maatwerk=True)
    assert {o.code: o.title for o in maatwerk} == {
        "J1-OOB": "Oriëntatie op Beroep",
        "J1-OPL": "Oriëntatie op een positief leerklimaat",
        "J1-OOL": "Oriëntatie op de lerende",
        "J1-OUE": "Ontwerpen, uitvoeren en evalueren",
        "J1-EI": "Effectieve instructie",
    }
    assert all(o.study_year == 1 and o.assessment == "summatief" for o in maatwerk)


def test_maatwerk_needs_a_wpb_judgement_only_where_the_seed_says_so():
    needed = LearningOutcome.objects.filter(is_maatwerk=True, wpb_judgement_needed=True)
    assert set(needed.values_list("code", flat=True)) == {"J1-OPL", "J1-OUE", "J1-EI"}
    oob = LearningOutcome.objects.get(code="J1-OOB")
    assert oob.wpb_part == "geen"
    assert oob.maatwerk_route.endswith(
        "Een beoordeling van de werkplekbegeleider is dan niet nodig."
    )


def test_subject_outcomes_per_subject():
    counts = dict(
        SubjectOutcome.objects.values_list("subject").annotate(n=Count("id")).order_by("subject")
    )
    assert counts == {
        "AK": 1,
        "BI": 2,
        "DU/FR": 2,
        "EC": 1,
        "EN": 3,
        "GS": 3,
        "NA/SK": 4,
        "NE": 3,
        "WI": 4,
    }


def test_subject_outcome_ects_and_contact():
    taalvaardigheid = SubjectOutcome.objects.get_by_natural_key("NE", "Didactiek taalvaardigheid")
    assert taalvaardigheid.ects == Decimal("10.0")
    assert "Mariska.Gootzen@han.nl" in taalvaardigheid.contact
    vaktaal = SubjectOutcome.objects.get_by_natural_key(
        "NA/SK", "Vaktaal analyseren en onderwijzen"
    )
    assert (vaktaal.ects, vaktaal.contact) == (Decimal("5.0"), "Kees.vandervelden@han.nl")


def test_wpb_judges_biology_the_nask_pilot_and_teaching_grammar():
    judged = SubjectOutcome.objects.filter(wpb_judges=True)
    assert sorted(judged.values_list("subject", flat=True)) == ["BI", "BI", "EN"] + ["NA/SK"] * 4
    assert judged.get(subject="EN").title == "Teaching Grammar"


def test_pilot_and_split_over_years():
    pilots = SubjectOutcome.objects.filter(pilot=True).values_list("subject", "title")
    assert ("EN", "Teaching Grammar") in pilots
    split = SubjectOutcome.objects.filter(split_over_years=True)
    assert sorted(set(split.values_list("subject", flat=True))) == ["NA/SK", "WI"]
    assert split.count() == 8


def test_positions_per_subject_start_at_one():
    wi = SubjectOutcome.objects.filter(subject="WI")
    assert list(wi.values_list("position", "title")) == [
        (1, "Vakdidactiek algebra"),
        (2, "vakdidactiek meetkunde"),
        (3, "vakdidactiek rekenen"),
        (4, "vakdidactiek statistiek"),
    ]


def test_loading_twice_creates_no_duplicates():
    before = {model: set(model.objects.values_list("pk", flat=True)) for model in MODELS}
    call_command("loaddata", "outcomes", verbosity=0)
    assert {model: set(model.objects.values_list("pk", flat=True)) for model in MODELS} == before


def test_no_text_has_a_backslash_a_doubled_space_or_a_doubled_word():
    # "ben je je bewust" is Dutch; every other repeated word is a broken line.
    doubled_word = re.compile(r"\b(?!je\b)(\w+)\s+\1\b", re.IGNORECASE)
    for text in texts():
        assert "\\" not in text
        assert "  " not in text
        assert not doubled_word.search(text), text
        assert text == text.strip()
