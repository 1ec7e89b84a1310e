"""Benchmark note for criterion 27 (not part of the suite, not a timed unit test): the
borgingsrapportage for a partnership with 1,000 placements, HTML and PDF.

Run by hand:  .venv/bin/pytest tests/bench/borging_bench.py -p no:xdist -s
It prints the seconds for the HTML page and the PDF; the design asks ≤ 5 s for the PDF on the
reference machine (docs/PERFORMANCE.md)."""

import time
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import Role
from apps.calibration.audit.services import audit_item_submit, audit_sample_draw
from tests.calibration.audit_world import assessors, new_schools, sent_eindbeoordelingen
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_borging_report_for_1000_placements():
    office = UserFactory(roles=[Role.ADMIN])
    sent_eindbeoordelingen(1000, schools=new_schools(40))
    assessors(10)
    sample = audit_sample_draw(by=office, school_year="2026-2027", rate=Decimal("0.1"))
    for n, item in enumerate(sample.items.select_related("second_assessor")):
        audit_item_submit(
            by=item.second_assessor,
            item=item,
            lock_version=item.lock_version,
            judgement="voldaan" if n % 10 else "niet_voldaan",
            motivation="Gezien.",
        )
    client = Client()
    client.force_login(UserFactory(roles=[Role.EXAMENCOMMISSIE]))
    for name in ("calibration:report_borging", "calibration:report_borging_pdf"):
        start = time.perf_counter()
        response = client.get(reverse(name), {"schooljaar": "2026-2027"})
        assert response.status_code == 200
        print(f"{name}: {time.perf_counter() - start:.2f} s")
