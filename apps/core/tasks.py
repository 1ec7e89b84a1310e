"""Background work runs on the task worker, never in a thread of the web process.

Driehoek uses `django-tasks` (the backport of Django 6's `django.tasks`) with the database
backend of `django-tasks-db`: a task is a row in the database and `manage.py db_worker` runs it,
on SQLite and PostgreSQL alike, with no other server (see docs/DEPLOYMENT.md; settings.TASKS).
The test suite runs tasks at once (ImmediateBackend).

Adding background work, e.g. confirming a large placement import:

    @task()  # from django_tasks import task; module level, JSON arguments only
    def placements_import_run(*, upload_id: int, by_id: int) -> None:
        ...  # the service, in its own transaction, recording its progress on a row

    # in the service that accepts the request, inside its transaction:
    enqueue_on_commit(placements_import_run, upload_id=upload.pk, by_id=by.pk)

The task's arguments are ids, not objects: the worker reads the rows itself, after the commit.
"""

import logging
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)

# Queues (settings.TASKS): mail is delivered on its own queue, so a long dossier or import
# never holds up an invitation.
DEFAULT_QUEUE = "default"
MAIL_QUEUE = "mail"


def enqueue_on_commit(task, /, *args, **kwargs) -> None:
    """Enqueue `task` once the current transaction commits (at once outside one): a rolled-back
    request starts nothing, and the worker finds the rows the task needs. A failure to enqueue
    is logged, never raised into the request whose work is already committed; what the task
    was for stays recorded (a queued dossier job, a pending mail) for the next run to pick up."""
    transaction.on_commit(partial(_enqueue, task, args, kwargs))


def _enqueue(task, args: tuple, kwargs: dict) -> None:
    try:
        task.enqueue(*args, **kwargs)
    except Exception:  # noqa: BLE001 - the work is committed; its row is picked up later
        logger.exception("Taak %s kon niet in de wachtrij", task.module_path)
