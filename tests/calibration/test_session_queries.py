"""The session pages cost the same number of queries at 3 and at 12 participants."""

import pytest
from django.urls import reverse

from apps.calibration.sessions.services import session_close, session_reveal
from tests.calibration.conftest import judge, make_session
from tests.querycount import queries_for

pytestmark = pytest.mark.django_db


def costs(client, outcome, admin_user, n: int) -> list[int]:
    session, moderator, people = make_session(outcome, n=n)
    for person in people:
        judge(session, person)
    session = session_reveal(by=moderator, session=session)
    counts = []
    client.force_login(people[0])
    for name in ("session_detail", "session_judge", "session_report"):
        counts.append(queries_for(client, reverse(f"calibration:{name}", args=[session.pk])))
    counts.append(queries_for(client, reverse("calibration:session_mirror")))
    counts.append(queries_for(client, reverse("calibration:session_list")))
    session_close(by=moderator, session=session)
    client.force_login(admin_user)
    counts.append(queries_for(client, reverse("calibration:session_register")))
    return counts


def test_session_pages_cost_the_same_at_3_and_12_participants(client, outcome, admin_user):
    at_3 = costs(client, outcome, admin_user, 3)
    at_12 = costs(client, outcome, admin_user, 12)
    assert at_3 == at_12
    assert max(at_12) <= 30
