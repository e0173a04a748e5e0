"""Flood, replay and visitor-budget guards of the beacon, in the process's memory: no cache round trip per event.

Counters live in time buckets (the current minute for the flood count, two windows of
`ANALYTICS_REPLAY_SECONDS` for replays) and are bounded: past `MAX_KEYS` visitors or fingerprints in one
bucket the bucket starts over, so memory stays flat under any traffic. Each worker process counts on its
own: with N workers a visitor may send up to N times the limit when its beacons land on different ones
(keep-alive connections usually keep a reader on one worker). That is the price of answering in
microseconds; the limits are there to stop a broken script or a crude flood, not a distributed attack.

The visitor budget counts, per address and day, the distinct visitors (address + User-Agent hashes) seen:
rotating the User-Agent makes a new visitor each time, so past the budget an address's new visitors are
merged into one. With N workers an address adds at most N times the budget in a day.
"""

import threading
import time

MAX_KEYS = 300_000


class Throttle:
    def __init__(self, max_keys: int = MAX_KEYS):
        self.max_keys = max_keys
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.minute = -1
        self.sent: dict[str, int] = {}
        self.window = -1
        self.seen: set[int] = set()
        self.seen_before: set[int] = set()
        self.budget_day = None
        self.visitors_by_address: dict[str, set[str]] = {}
        self.budget_entries = 0

    def sent_this_minute(self, visitor: str, now: float | None = None) -> int:
        """Count one beacon of `visitor`; returns how many it has sent in the current minute, this one included."""
        minute = int((time.time() if now is None else now) // 60)
        with self.lock:
            if minute != self.minute or len(self.sent) >= self.max_keys:
                self.minute = minute
                self.sent = {}
            sent = self.sent.get(visitor, 0) + 1
            self.sent[visitor] = sent
            return sent

    def is_replay(self, fingerprint: int, seconds: int, now: float | None = None) -> bool:
        """True when the same fingerprint was seen in this window or the one before (at least `seconds` ago)."""
        if seconds <= 0:
            return False
        window = int((time.time() if now is None else now) // seconds)
        with self.lock:
            if window != self.window:
                self.seen_before = self.seen if window == self.window + 1 else set()
                self.seen = set()
                self.window = window
            elif len(self.seen) >= self.max_keys:
                self.seen_before, self.seen = self.seen, set()
            if fingerprint in self.seen or fingerprint in self.seen_before:
                return True
            self.seen.add(fingerprint)
            return False

    def within_visitor_budget(self, address: str, visitor: str, day, budget: int) -> bool:
        """True when `visitor` is one of the first `budget` distinct visitors of `address` on `day`."""
        with self.lock:
            if day != self.budget_day or self.budget_entries >= self.max_keys:
                self.budget_day = day
                self.visitors_by_address = {}
                self.budget_entries = 0
            seen = self.visitors_by_address.setdefault(address, set())
            if visitor in seen:
                return True
            if len(seen) >= budget:
                return False
            seen.add(visitor)
            self.budget_entries += 1
            return True


throttle = Throttle()
