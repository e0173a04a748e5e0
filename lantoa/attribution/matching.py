"""Matching enrolments from the participant lists to registrations of interest.

Rules, in order (docs/attribution.md):

1. the phone digest: the registration's phone is the enrolment's (confidence 90 %; 99 % when name + date of
   birth + commune agree too);
2. the digest of name + date of birth + commune, for registrations that gave a date of birth (85 %).

A registration is credited at most one enrolment and an enrolment at most one registration; an enrolment that
started before the registration was made is never credited to it; a registration of interest in one scheme is
not credited an enrolment in the other ("other" interest takes either). Among the registrations a rule finds,
the latest one made on or before the start date is credited (the communication closest to the decision).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from lantoa.outreach.models import Interest, Registration

from .models import Enrolment, Match

CHUNK = 2000


@dataclass(frozen=True)
class Candidate:
    pk: int
    day: datetime.date
    interest: str
    identity: str


def _compatible(interest: str, scheme: str) -> bool:
    return interest == scheme or interest == Interest.OTHER


def _chunks(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _candidates(phones: set[str], identities: set[str]) -> tuple[dict, dict]:
    by_phone: dict[str, list[Candidate]] = defaultdict(list)
    by_identity: dict[str, list[Candidate]] = defaultdict(list)
    if not phones and not identities:
        return by_phone, by_identity
    # Two lookups, each on its own index: an OR of the two lists is a scan of every registration on PostgreSQL.
    free = Registration.objects.filter(enrolment_match__isnull=True)
    fields = ("pk", "created_at", "interest", "phone_digest", "identity_digest")
    rows = list(free.filter(phone_digest__in=phones).values_list(*fields)) if phones else []
    seen = {row[0] for row in rows}
    if identities:
        rows += [row for row in free.filter(identity_digest__in=identities).values_list(*fields) if row[0] not in seen]
    for pk, created, interest, phone, identity in rows:
        candidate = Candidate(pk, timezone.localtime(created).date(), interest, identity)
        if phone in phones:
            by_phone[phone].append(candidate)
        if identity and identity in identities:
            by_identity[identity].append(candidate)
    return by_phone, by_identity


def _pick(candidates: list[Candidate], *, start: datetime.date, scheme: str, taken: set[int]) -> Candidate | None:
    best = None
    for c in candidates:
        if c.pk in taken or c.day > start or not _compatible(c.interest, scheme):
            continue
        if best is None or (c.day, c.pk) > (best.day, best.pk):
            best = c
    return best


def match(enrolments: QuerySet[Enrolment], *, progress: Callable[[int, int], None] | None = None) -> int:
    """Match the enrolments of `enrolments` not matched yet; returns how many were matched now."""
    # Only the enrolments sharing a digest with a registration not matched yet: most new participants were never
    # reached by a registration, and reading them all in chunks would cost a lookup each (bench/attribution).
    free = Registration.objects.filter(enrolment_match__isnull=True)
    pending = (
        enrolments.filter(match__isnull=True)
        .filter(
            Q(phone__in=free.exclude(phone_digest="").values("phone_digest"))
            | Q(identity__in=free.exclude(identity_digest="").values("identity_digest"))
        )
        .order_by("start_date", "pk")
        .values_list("pk", "start_date", "scheme", "phone", "identity")
    )
    total = pending.count() if progress else 0
    taken: set[int] = set()
    made = seen = 0
    for chunk in _chunks(pending.iterator(chunk_size=CHUNK), CHUNK):
        phones = {row[3] for row in chunk if row[3]}
        identities = {row[4] for row in chunk if row[4]}
        by_phone, by_identity = _candidates(phones, identities)
        matches = []
        for pk, start, scheme, phone, identity in chunk:
            found = _pick(by_phone.get(phone, []), start=start, scheme=scheme, taken=taken) if phone else None
            if found is not None:
                rule = Match.Rule.PHONE_AND_PERSON if identity and found.identity == identity else Match.Rule.PHONE
            elif identity:
                found = _pick(by_identity.get(identity, []), start=start, scheme=scheme, taken=taken)
                rule = Match.Rule.PERSON
            if found is None:
                continue
            taken.add(found.pk)
            matches.append(
                Match(
                    enrolment_id=pk,
                    registration_id=found.pk,
                    rule=rule,
                    confidence=Match.CONFIDENCE[rule],
                    days=(start - found.day).days,
                )
            )
        if matches:
            # Another import matching at the same moment may have taken one: that pair is skipped, not doubled.
            Match.objects.bulk_create(matches, ignore_conflicts=True)
            made += Match.objects.filter(enrolment_id__in=[m.enrolment_id for m in matches]).count()
        seen += len(chunk)
        if progress:
            progress(seen, total)
    return made
