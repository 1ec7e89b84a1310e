import pytest

from apps.cycle.feedback.rules import is_global_phrase


@pytest.mark.parametrize("text", ["Gaat wel goed.", "Prima", "goed gedaan!", "Ziet er goed uit"])
def test_global_phrases_without_example_are_flagged(text):
    assert is_global_phrase(text)


@pytest.mark.parametrize(
    "text",
    [
        "Prima: in de les van 3 maart zag ik dat je de regels herhaalde.",
        "Goed gedaan, bijvoorbeeld hoe je de groep weer stil kreeg na de pauze.",
        "Je benoemt gewenst gedrag expliciet.",
    ],
)
def test_concrete_feedback_is_not_flagged(text):
    assert not is_global_phrase(text)
