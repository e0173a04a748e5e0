"""Between the beacon and the store: a bounded in-memory queue written in batches, and the collection counters.

A reader's request only appends to the queue. A background thread per process (or, in "inline" mode, the
request itself) hands batches to the store; when the store fails the batch goes back to the queue, and
when the queue is full new events are dropped and counted. Nothing here ever raises to the reader.
"""

import atexit
import logging
import os
import threading
import time
from collections import Counter, deque
from datetime import date

from django.db import close_old_connections
from django.db.models import F
from django.utils import timezone

from .collection import Engagement, Event, local_day
from .conf import knob

logger = logging.getLogger(__name__)


class EventBuffer:
    def __init__(self):
        self.lock = threading.Lock()
        # Held while a batch is out of the queue and not yet written: a drain (shutdown) waits for it.
        self.writing = threading.Lock()
        self.events: deque[Event | Engagement] = deque()
        self.counts: Counter[tuple[date, str]] = Counter()
        self.wakeup = threading.Event()
        self.thread: threading.Thread | None = None
        self.pid = os.getpid()
        self.failing_until = 0.0
        self.exit_hook = False

    def count(self, reason: str, n: int = 1) -> None:
        with self.lock:
            self.counts[(local_day(timezone.now()), reason)] += n

    def add(self, event: Event | Engagement) -> None:
        with self.lock:
            if len(self.events) >= knob("ANALYTICS_BUFFER_MAX"):
                self.counts[(event.day, "dropped_buffer_full")] += 1
                return
            self.events.append(event)
            self.counts[(event.day, event.counted_as)] += 1
            size = len(self.events)
        if knob("ANALYTICS_FLUSH_MODE") == "inline":
            self.flush()
        else:
            self._ensure_thread()
            if size >= knob("ANALYTICS_BATCH_SIZE"):
                self.wakeup.set()

    def _ensure_thread(self) -> None:
        # After a fork (gunicorn workers) the parent's thread does not exist in the child.
        if self.thread is not None and self.thread.is_alive() and self.pid == os.getpid():
            return
        with self.lock:
            if self.thread is not None and self.thread.is_alive() and self.pid == os.getpid():
                return
            self.pid = os.getpid()
            self.thread = threading.Thread(target=self._run, name="lantoa-analytics-flush", daemon=True)
            self.thread.start()
            if not self.exit_hook:
                # A worker that stops (deploy, max-requests) writes what it still holds.
                atexit.register(self._drain_quietly)
                self.exit_hook = True

    def _drain_quietly(self) -> None:
        try:
            self.drain()
        except Exception:
            logger.warning("analytics events lost at shutdown", exc_info=True)

    def _run(self) -> None:
        while True:
            self.wakeup.wait(knob("ANALYTICS_FLUSH_INTERVAL_MS") / 1000)
            self.wakeup.clear()
            if knob("ANALYTICS_FLUSH_MODE") != "thread":
                return  # switched to inline writing (tests do): the request writes its own events
            try:
                while self.flush() >= knob("ANALYTICS_BATCH_SIZE"):
                    pass
                close_old_connections()
            except Exception:
                # The thread must outlive any failure: the next round tries again.
                logger.warning("analytics flush failed", exc_info=True)

    def take(self, limit: int) -> list[Event | Engagement]:
        with self.lock:
            return [self.events.popleft() for _i in range(min(limit, len(self.events)))]

    def put_back(self, batch: list[Event | Engagement]) -> None:
        with self.lock:
            room = max(knob("ANALYTICS_BUFFER_MAX") - len(self.events), 0)
            kept, lost = batch[:room], batch[room:]
            self.events.extendleft(reversed(kept))
            for event in lost:
                self.counts[(event.day, "dropped_buffer_full")] += 1

    def flush(self, store=None) -> int:
        """Write one batch; on failure keep it for later. Returns how many events were written."""
        with self.writing:
            return self._flush(store)

    def _flush(self, store=None) -> int:
        if time.monotonic() < self.failing_until:
            return 0
        batch = self.take(knob("ANALYTICS_BATCH_SIZE"))
        if batch:
            try:
                from .store import get_store

                (store or get_store()).record_many(batch)
            except Exception:
                # The store is slow or down: keep the events, wait a little before trying again.
                logger.warning("analytics store unavailable; %s events kept in memory", len(batch), exc_info=True)
                self.put_back(batch)
                self.count("store_error")
                self.failing_until = time.monotonic() + 1.0
                return 0
        self.save_counts()
        return len(batch)

    def save_counts(self) -> None:
        from .models import CollectionCount

        with self.lock:
            counts, self.counts = self.counts, Counter()
        try:
            for (day, reason), n in counts.items():
                updated = CollectionCount.objects.filter(day=day, reason=reason).update(count=F("count") + n)
                if not updated:
                    CollectionCount.objects.get_or_create(day=day, reason=reason)
                    CollectionCount.objects.filter(day=day, reason=reason).update(count=F("count") + n)
        except Exception:
            with self.lock:
                self.counts.update(counts)

    def drain(self, store=None) -> int:
        """Write everything queued (the rollup command, shutdown and tests use it), including a batch the
        background thread is writing at that moment: each flush waits for the one in progress."""
        self.failing_until = 0.0
        written = 0
        while True:
            n = self.flush(store)
            written += n
            if not n:
                return written

    def reset(self) -> None:
        with self.lock:
            self.events.clear()
            self.counts.clear()
            self.failing_until = 0.0


buffer = EventBuffer()
