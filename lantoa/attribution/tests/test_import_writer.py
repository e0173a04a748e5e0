"""The import as the worker runs it on PostgreSQL: outside a transaction, each batch is written by a thread of its
own (on a connection of its own) while the next batch is checked and hashed. The counts are those of the
one-thread path, an error in a batch stops the import with what was written kept, and neither the thread nor its
connection outlives the import."""

import threading
import time
from pathlib import Path

import pytest
from django.db import DatabaseError, connection

from lantoa.attribution import lists, services, tasks
from lantoa.attribution.models import Enrolment, ParticipantList

from .conftest import csv_file, days_ago

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # SQLite has no COPY: its batches are always written in turn (test_import.py covers that path).
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the writing thread is PostgreSQL's path"),
]


def _people(first: int, count: int) -> list[list[str]]:
    return [
        [f"{n:010d}", f"Người Số {n}", "01/01/1980", f"09{n:08d}", "00070", "BHXH tự nguyện", days_ago(3)]
        for n in range(first, first + count)
    ]


def _stage(rows, unit) -> ParticipantList:
    job = lists.stage(csv_file(rows), unit=unit, user=None)
    assert job.status == ParticipantList.Status.QUEUED  # the sample layout is known without asking
    return job


def _writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("lantoa-list-writer")]


def _backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


def _released(backends: int) -> bool:
    """No writing thread is left, and the server is back to `backends` connections. A closed connection's server
    process leaves pg_stat_activity a moment after the client hung up (it exits on its own time), so the count is
    read again for up to five seconds; a connection never closed stays and fails the test."""
    deadline = time.monotonic() + 5
    while _backends() != backends and time.monotonic() < deadline:
        time.sleep(0.05)
    return not _writer_threads() and _backends() == backends


def test_batches_are_written_from_a_thread_with_the_counts_of_one_thread(units, monkeypatch):
    monkeypatch.setattr(lists, "BATCH", 3)
    writers: list[str] = []
    write = lists._Writer._write

    def recorded(self, batch):
        writers.append(threading.current_thread().name)
        return write(self, batch)

    monkeypatch.setattr(lists._Writer, "_write", recorded)
    backends = _backends()
    rows = _people(1, 7)
    job = services.run_import(_stage([*rows, rows[0], rows[4]], units["hanoi"]))  # two people twice

    assert (job.status, job.total, job.added, job.known, job.rejected) == ("done", 9, 7, 2, 0)
    assert Enrolment.objects.filter(participant_list=job).count() == 7
    assert len(writers) == 3 and all(name.startswith("lantoa-list-writer") for name in writers)
    # A second file with three of the same people and two new ones: only the new ones are added.
    again = services.run_import(_stage([*rows[4:], *_people(100, 2)], units["hanoi"]))
    assert (again.added, again.known) == (2, 3)
    assert Enrolment.objects.count() == 9
    assert _released(backends), "the thread and its connection are released"
    assert not list(lists.staging_dir().iterdir())


def test_a_failed_batch_stops_the_import_keeps_what_was_written_and_releases_the_thread(units, monkeypatch):
    monkeypatch.setattr(lists, "BATCH", 2)
    write = lists._Writer._write
    calls = []

    def second_fails(self, batch):
        calls.append(len(batch))
        if len(calls) == 2:
            raise DatabaseError("the server went away")
        return write(self, batch)

    monkeypatch.setattr(lists._Writer, "_write", second_fails)
    backends = _backends()
    job = _stage(_people(1, 7), units["hanoi"])

    assert tasks.import_participant_list.call(job.pk) == ParticipantList.Status.FAILED

    job.refresh_from_db()
    assert job.status == ParticipantList.Status.FAILED and job.staged_file == ""
    assert not Path(lists.staging_dir()).exists() or not list(lists.staging_dir().iterdir())
    assert Enrolment.objects.count() == 2, "the batch written before the failure is kept"
    assert len(calls) <= 3, "the import stops at the failure, not at the end of the file"
    assert _released(backends)


def test_an_error_in_the_checking_thread_releases_the_writing_thread_and_is_the_one_raised(units, monkeypatch):
    monkeypatch.setattr(lists, "BATCH", 2)
    backends = _backends()
    job = _stage(_people(1, 7), units["hanoi"])
    rows = lists.iter_rows(Path(job.staged_file))
    next(rows)

    def progress(done):
        raise RuntimeError("the progress could not be saved")  # a batch is in flight at this point

    with pytest.raises(RuntimeError, match="progress could not be saved"):
        lists.import_rows(rows, job=job, mapping=job.layout.mapping, progress=progress)

    assert _released(backends)
    assert Enrolment.objects.count() == 2, "the batch in flight was written, nothing after the error"
