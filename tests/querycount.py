"""Query budgets: a page costs the same number of queries at 5 and at 500 placements."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url: str) -> int:
    """Queries of one GET, after a warm-up request fills process caches (content types)."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)
