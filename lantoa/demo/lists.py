"""Demo participant lists: one file per province with demo registrations, imported through the real import.

Most people the officers marked enrolled are in it (their phone written another way), some who were only advised
enrolled without the officer knowing (the queue shows "listed"), one marked enrolled is missing ("contradicted"),
and many new participants no communication reached.
"""

import csv
import datetime
import hashlib
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

FIRST = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
LAST = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Minh Đức", "Thị Hà", "Quốc Huy", "Thị Lan"]


def _spaced(phone: str) -> str:
    return f"+84 {phone[1:4]} {phone[4:7]} {phone[7:]}"


def load_participant_lists(*, today: datetime.date | None = None) -> int:
    """Import a list for each province whose communes have demo registrations; returns the enrolments added."""
    from lantoa.attribution import lists, services
    from lantoa.attribution.models import ParticipantList
    from lantoa.outreach.models import Registration
    from lantoa.units.models import Unit

    today = today or timezone.localdate()
    added = 0
    registrations = Registration.objects.filter(erased_at__isnull=True).exclude(phone="").select_related("unit")
    provinces = Unit.objects.filter(pk__in=registrations.values("unit__parent_id"))
    for province in provinces.order_by("path"):
        rng = random.Random(f"lists-{province.code}")  # noqa: S311 (demo data)
        rows, skipped_one = [], False
        for number, registration in enumerate(registrations.filter(unit__parent=province).order_by("pk"), 1):
            sin = f"{int(province.code):02d}{number:08d}"
            created = timezone.localtime(registration.created_at).date()
            if registration.status == Registration.Status.ENROLLED and registration.enrolled_on:
                if not skipped_one:
                    skipped_one = True  # marked enrolled, not in the list: the queue says "contradicted"
                    continue
                start, scheme = registration.enrolled_on, registration.scheme
            elif registration.status == Registration.Status.ADVISED and rng.random() < 0.4:
                start = min(today, created + datetime.timedelta(days=rng.randrange(7, 40)))
                scheme = registration.interest if registration.interest != "khac" else "bhyt-ho-gia-dinh"
            else:
                continue
            label = "BHXH tự nguyện" if scheme == "bhxh-tu-nguyen" else "BHYT hộ gia đình"
            born = f"{rng.randrange(1, 28):02d}/{rng.randrange(1, 13):02d}/{rng.randrange(1960, 2005)}"
            row = [sin, registration.name, born, _spaced(registration.phone), registration.unit.code, label]
            rows.append([*row, start.strftime("%d/%m/%Y")])
        communes = list(Unit.objects.filter(parent=province, level=Unit.Level.COMMUNE).values_list("code", flat=True))
        for extra in range(len(rows) * 3 + 20):  # new participants no communication reached
            start = today - datetime.timedelta(days=rng.randrange(0, 300))
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            born = f"{rng.randrange(1, 28):02d}/{rng.randrange(1, 13):02d}/{rng.randrange(1950, 2008)}"
            phone = "" if rng.random() < 0.3 else f"09{rng.randrange(10**7, 10**8)}"
            label = rng.choice(["BHXH tự nguyện", "BHYT hộ gia đình", "BHYT hộ gia đình"])
            rows.append([f"{int(province.code):02d}9{extra:07d}", name, born, phone, rng.choice(communes), label])
            rows[-1].append(start.strftime("%d/%m/%Y"))
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(lists.SAMPLE_HEADERS)
        writer.writerows(rows)
        content = out.getvalue().encode("utf-8-sig")
        if ParticipantList.objects.filter(file_sha256=hashlib.sha256(content).hexdigest()).exists():
            continue  # this very file is imported already: load_demo stays idempotent
        name = f"danh-sach-nguoi-tham-gia-{province.code}-{today:%Y-%m}.csv"
        job = lists.stage(SimpleUploadedFile(name, content), unit=province, user=None)
        added += services.run_import(job).added
    return added
