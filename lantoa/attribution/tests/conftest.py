"""Fixtures of the attribution tests: registrations made as the public form makes them, and list files."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lantoa.attribution.lists import SAMPLE_HEADERS
from lantoa.outreach.services import register_interest


@pytest.fixture(autouse=True)
def _staging(settings, tmp_path):
    settings.LANTOA_ATTRIBUTION_STAGING_DIR = tmp_path / "staging"


@pytest.fixture
def register(units):
    """register(phone, commune key, days_ago, interest=…, name=…, born=…, **kw) → a registration of interest."""

    def make(phone, commune="hanoi_a", days_ago=30, *, interest="bhxh-tu-nguyen", name="Nguyễn Thị Lan", **kw):
        registration, _created = register_interest(
            name=name,
            phone=phone,
            commune=units[commune],
            interest=interest,
            contact_time="any",
            consent_text="đồng ý",
            now=timezone.now() - datetime.timedelta(days=days_ago),
            **kw,
        )
        return registration

    return make


def days_ago(n: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=n)).strftime("%d/%m/%Y")


def csv_file(rows, *, headers=SAMPLE_HEADERS, name="danh-sach.csv", delimiter=",") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"), content_type="text/csv")
