"""The seed fixture `conversation_guide`: agenda points and preparation questions of
chapter 3 of the handbook, loaded by natural key."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from apps.cycle.models import ConversationGuideItem

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seed():
    call_command("loaddata", "conversation_guide", verbosity=0)


def item(kind, position):
    return ConversationGuideItem.objects.get_by_natural_key(kind, position)


def test_items_per_conversation():
    counts = dict(
        ConversationGuideItem.objects.values_list("kind").annotate(n=Count("id")).order_by("kind")
    )
    assert counts == {"kennismaking": 12, "startgesprek": 5, "begeleidingsgesprek": 5}


def test_kennismaking_starts_with_year_one_and_the_route():
    assert item("kennismaking", 1).text == "Hoe heeft de student zich in jaar 1 ontwikkeld?"
    assert item("kennismaking", 2).text == "Uit welke leeruitkomsten bestaat het leertraject?"
    assert item("kennismaking", 7).section == ""


def test_other_information_is_grouped_under_its_question():
    grouped = ConversationGuideItem.objects.filter(
        section="Welke andere informatie is belangrijk om uit te wisselen?"
    )
    assert list(grouped.values_list("position", flat=True)) == [8, 9, 10, 11]
    assert item("kennismaking", 9).text == "Dit kan over praktische zaken gaan zoals reistijd."


def test_contact_details_point_keeps_its_sub_list():
    text = item("kennismaking", 10).text
    assert "- Afstemmen en creëren\n- Leerstof verwerken\n- De betreffende vakdidacticus" in text
    assert text.endswith("De student kan deze wel doorgeven voor het leertraject.")


def test_only_the_neurodiversity_health_and_private_point_is_sensitive():
    sensitive = ConversationGuideItem.objects.get(is_sensitive=True)
    assert (sensitive.kind, sensitive.position) == ("kennismaking", 12)
    assert sensitive.section == "Wat moet ik als begeleider van de student weten?"
    assert "neurodiversiteit" in sensitive.text
    assert "bijzondere privé-situaties" in sensitive.text


def test_startgesprek_preparation_questions():
    questions = ConversationGuideItem.objects.filter(kind="startgesprek")
    assert questions.first().text.startswith("Wat zijn de leeruitkomsten?")
    assert questions.last().text == (
        "Wanneer zijn we tevreden? (Gebruik hierbij de tabel ‘complexe beroepsvaardigheden’, "
        "bijlage)"
    )


def test_begeleidingsgesprek_points():
    points = ConversationGuideItem.objects.filter(kind="begeleidingsgesprek")
    assert points.first().section == "De student werkt in de praktijk continu aan"
    assert points.last().text == "Ontwikkeling zichtbaar maken (o.a. in het portfolio)"


def test_loading_twice_creates_no_duplicates():
    before = set(ConversationGuideItem.objects.values_list("pk", flat=True))
    call_command("loaddata", "conversation_guide", verbosity=0)
    assert set(ConversationGuideItem.objects.values_list("pk", flat=True)) == before


def test_no_text_has_a_backslash_or_a_doubled_space():
    for section, text in ConversationGuideItem.objects.values_list("section", "text"):
        assert "\\" not in section + text
        assert "  " not in section + text


def test_the_side_notes_of_the_kennismaking_are_notes():
    notes = ConversationGuideItem.objects.filter(is_note=True)
    assert list(notes.values_list("kind", "position")) == [
        ("kennismaking", 8),
        ("kennismaking", 9),
        ("kennismaking", 11),
        ("kennismaking", 12),
    ]
    assert not item("kennismaking", 10).is_note  # "Vraag de student ..." is a thing to do
