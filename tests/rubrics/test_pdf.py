"""Every rubric prints as a landscape PDF grid: a section per role, dimensions × levels."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from apps.rubrics.models import RubricKind
from tests.factories import make_rubric

pytestmark = pytest.mark.django_db


def test_the_rubric_pdf_is_a_landscape_grid_with_roles_dimensions_and_levels(client, mentor):
    rubric = make_rubric(
        name="Rollen praktijkleren", roles=("Accountmanager", "Vakexpert"), dimensions=2
    )
    client.force_login(mentor)

    response = client.get(reverse("rubrics:pdf", args=[rubric.pk]))

    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = "\n".join(page.extract_text() for page in pages)
    for expected in (
        "Rollen praktijkleren",
        "Accountmanager",
        "Vakexpert",
        "Accountmanager: dimensie 2",
        "Vakexpert: dimensie 1",
        "Volgend",
        "Herkennend",
        "Relaterend",
        "pagina 1 van 2",
    ):
        assert expected in text
    assert all(page.mediabox.width > page.mediabox.height for page in pages)
    assert len(pages) == 2  # one section per role, each on its own page


def test_a_phase_table_prints_as_one_section(client, student):
    rubric = make_rubric(
        kind=RubricKind.PHASES,
        name="Complexe beroepsvaardigheden",
        dimensions=3,
        levels=("Beginfase", "Groei-fase", "Vergevorderde fase"),
    )
    client.force_login(student.user)

    response = client.get(reverse("rubrics:pdf", args=[rubric.pk]))

    pages = PdfReader(io.BytesIO(response.content)).pages
    text = pages[0].extract_text()
    assert len(pages) == 1
    assert "Vergevorderde fase" in text and "dimensie 3 – Groei-fase" in text
