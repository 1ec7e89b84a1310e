"""Observation instruments: the kijkkaders are the default; an own instrument is loaded from
CSV with whole-file validation and versions, like a rubric. The test file's items are made up
for the test (no instrument text outside our seeds is shipped)."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.cycle.common import CycleError
from apps.cycle.models import InstrumentKind, ObservationInstrument
from apps.cycle.observations.csvfile import InstrumentFileError, read_instrument_csv
from apps.cycle.observations.selectors import seen_choices
from apps.cycle.observations.services import (
    Seen,
    default_instrument,
    instrument_load,
    observation_record,
)

CSV = (Path(__file__).parent / "data" / "observatieformulier.csv").read_bytes()


@pytest.fixture
def own(db):
    return ObservationInstrument.objects.create(slug="eigen", name="Eigen", kind="eigen")


def test_the_kijkkaders_are_the_default_instrument(db):
    instrument = default_instrument()
    assert instrument.kind == InstrumentKind.KIJKKADER
    assert default_instrument() == instrument


def test_a_good_file_loads_its_items(own, outcomes, admin_user):
    loaded = instrument_load(by=admin_user, instrument=own, content=CSV)
    assert loaded == own
    assert [i.section for i in own.items.all()] == ["Start van de les"] * 2 + ["Afsluiting"]


def test_every_problem_of_a_file_is_reported_and_nothing_is_written(own, outcomes, admin_user):
    bad = CSV.replace(b"eigen;1;2;Start", b"ander;1;1;").replace(b";5.4;", b";9.9;")
    with pytest.raises(InstrumentFileError) as caught:
        instrument_load(by=admin_user, instrument=own, content=bad)
    # row 3: another instrument and a repeated order; row 4: an unknown outcome
    assert [e[:5] for e in caught.value.errors] == ["Rij 3", "Rij 3", "Rij 4"]
    assert own.items.count() == 0


def test_a_wrong_header_is_refused(own):
    with pytest.raises(InstrumentFileError):
        read_instrument_csv(own, b"instrument;item\r\neigen;x\r\n")


def test_an_instrument_in_use_gets_a_new_version(own, outcomes, admin_user, cycle_placement):
    instrument_load(by=admin_user, instrument=own, content=CSV)
    po, options = seen_choices(cycle_placement, own)[0]
    observation_record(
        by=cycle_placement.werkplekbegeleider,
        placement=cycle_placement,
        instrument=own,
        observed_on=date(2026, 10, 1),
        group="2B",
        subject="Bi",
        topic="Cel",
        seen=[Seen(po.pk, options[0][0], "Begon om 8.30 uur")],
    )
    second = instrument_load(by=admin_user, instrument=own, content=CSV)
    assert (second.version, second.previous) == (2, own)
    assert own.items.count() == 3


def test_the_kijkkaders_are_not_loaded_from_csv(db, admin_user):
    with pytest.raises(CycleError):
        instrument_load(by=admin_user, instrument=default_instrument(), content=CSV)


def test_praktijkbureau_loads_through_the_page(client, own, outcomes, admin_user):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("instrument.csv", CSV, content_type="text/csv")
    response = client.post(reverse("cycle:instrument_import", args=[own.pk]), {"file": upload})
    assert response.status_code == 302
    assert own.items.count() == 3
