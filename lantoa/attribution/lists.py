"""Reading a participant list: stage the upload, recognise its layout, check each row, keep digests only.

A file is read as a stream (CSV with the csv module, XLSX with openpyxl's read-only mode) and written in batches,
so memory stays flat whatever its size; on PostgreSQL each batch goes through COPY into a temporary table, then
one INSERT … ON CONFLICT DO NOTHING, so a row already imported (the same social insurance number, scheme and
start date) changes nothing.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import hashlib
import io
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa import phones
from lantoa.digests import Hasher
from lantoa.folding import fold
from lantoa.outreach.models import Scheme
from lantoa.units.models import Unit

from .models import OPTIONAL_FIELDS, Enrolment, Field, ListLayout, ParticipantList

logger = logging.getLogger(__name__)

BATCH = 5000
# Write each batch from a thread while the next is checked (PostgreSQL, outside a transaction: `_Writer`).
# bench/attribution turns it off to profile the parts of one thread.
WRITE_BEHIND = True
MAX_BYTES = 200 * 1024 * 1024  # a province's year is far below; a national year (2 million rows) is ~150 MB
EXTENSIONS = (".csv", ".xlsx")

# Folded header texts each field is recognised by, the most specific first.
GUESSES: dict[str, tuple[str, ...]] = {
    Field.INSURANCE_NUMBER: ("ma so bhxh", "ma so bao hiem xa hoi", "so so bhxh", "ma bhxh", "so bhxh"),
    Field.NAME: ("ho va ten", "ho ten", "ten nguoi tham gia"),
    Field.BORN: ("ngay sinh", "ngay thang nam sinh"),
    Field.PHONE: ("so dien thoai", "dien thoai", "sdt"),
    Field.COMMUNE: ("ma xa", "ma xa phuong", "ma don vi hanh chinh", "ma dvhc"),
    Field.SCHEME: ("loai hinh tham gia", "loai hinh", "doi tuong tham gia", "loai doi tuong"),
    Field.START: ("ngay bat dau tham gia", "ngay bat dau", "tu ngay", "ngay tham gia", "ngay hieu luc"),
}

SAMPLE_HEADERS = [
    "Mã số BHXH",
    "Họ và tên",
    "Ngày sinh",
    "Số điện thoại",
    "Mã xã",
    "Loại hình tham gia",
    "Ngày bắt đầu tham gia",
]
_SCHEMES = {
    **dict.fromkeys(("bhxhtunguyen", "bhxhtn", "tunguyen", "tn", "vsi"), Scheme.VOLUNTARY_SI.value),
    **dict.fromkeys(("bhythogiadinh", "bhythgd", "hogiadinh", "hgd", "gd", "hhi"), Scheme.HOUSEHOLD_HI.value),
}
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Why a row is refused: each reason names the column, never the value (the value may be a person's).
REASONS = {
    "sin": gettext_lazy("Mã số BHXH phải có đúng 10 chữ số."),
    "name": gettext_lazy("Thiếu họ và tên."),
    "born": gettext_lazy("Ngày sinh không hợp lệ (ngày/tháng/năm, không ở tương lai)."),
    "phone": gettext_lazy("Số điện thoại không phải số di động Việt Nam hợp lệ."),
    "commune": gettext_lazy("Mã xã, phường không có trong danh mục."),
    "outside": gettext_lazy("Xã, phường không thuộc địa bàn của đơn vị nhập."),
    "scheme": gettext_lazy("Loại hình không xác định (cần BHXH tự nguyện hoặc BHYT hộ gia đình)."),
    "start": gettext_lazy("Ngày bắt đầu tham gia không hợp lệ (ngày/tháng/năm, không ở tương lai)."),
    "columns": gettext_lazy("Dòng thiếu cột so với dòng tiêu đề."),
}


def staging_dir() -> Path:
    path = Path(getattr(settings, "LANTOA_ATTRIBUTION_STAGING_DIR", settings.VAR_DIR / "private" / "lists"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def folded_header(text: str) -> str:
    return " ".join(_NON_ALNUM.split(fold(text))).strip()


def signature(headers: list[str]) -> str:
    return hashlib.sha256("\x1f".join(folded_header(h) for h in headers).encode()).hexdigest()


def guess_mapping(headers: list[str]) -> dict[str, int]:
    """The column each field most likely is, from the header texts; fields not recognised are left out."""
    folded = [folded_header(h) for h in headers]
    found: dict[str, int] = {}
    for name, guesses in GUESSES.items():
        for guess in guesses:
            exact = [i for i, h in enumerate(folded) if h == guess and i not in found.values()]
            loose = [i for i, h in enumerate(folded) if guess in h and i not in found.values()]
            if exact or loose:
                found[name] = (exact or loose)[0]
                break
    return found


def missing_fields(mapping: dict[str, int]) -> list[str]:
    return [str(f.label) for f in Field if f not in OPTIONAL_FIELDS and f.value not in mapping]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def iter_rows(path: Path) -> Iterator[list[str]]:
    """Every row of the staged file, the header first, cells as trimmed text (empty rows skipped)."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            for row in book.active.iter_rows(values_only=True):
                cells = [_cell(v) for v in row]
                if any(cells):
                    yield cells
        finally:
            book.close()
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(4096)
        handle.seek(0)
        dialect: type[csv.Dialect] | csv.Dialect = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        for row in csv.reader(handle, dialect):
            if any(row):
                yield [cell.strip() for cell in row]


class ListError(Exception):
    """A file that cannot be read at all: the message is for the staff member, in their language."""


def read_header(path: Path) -> list[str]:
    try:
        return next(iter_rows(path))
    except StopIteration:
        raise ListError(_("Tệp không có dữ liệu.")) from None
    except UnicodeDecodeError:
        raise ListError(_("Tệp CSV phải dùng bảng mã UTF-8.")) from None
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise ListError(_("Không đọc được tệp: hãy xuất lại từ phần mềm quản lý người tham gia.")) from exc


def stage(upload, *, unit: Unit, user) -> ParticipantList:
    """Keep the uploaded file (outside the media root) until it is imported; recognise its layout when known."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise ListError(_("Chỉ nhận tệp .csv hoặc .xlsx."))
    if upload.size > MAX_BYTES:
        raise ListError(_("Tệp lớn quá 200 MB: hãy chia theo tháng hoặc theo tỉnh."))
    path = staging_dir() / f"{uuid.uuid4().hex}{suffix}"
    digest = hashlib.sha256()
    with path.open("wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    try:
        headers = read_header(path)
    except ListError:
        path.unlink(missing_ok=True)
        raise
    layout = ListLayout.objects.filter(signature=signature(headers)).first()
    if layout is None and signature(headers) == signature(SAMPLE_HEADERS):
        # The layout of the sample file (docs/attribution.md) is known without asking.
        layout = ListLayout.objects.create(
            signature=signature(headers), headers=headers, mapping=guess_mapping(headers), created_by=user
        )
    return ParticipantList.objects.create(
        unit=unit,
        created_by=user,
        file_name=upload.name[:255],
        file_sha256=digest.hexdigest(),
        staged_file=str(path),
        layout=layout,
        status=ParticipantList.Status.QUEUED if layout else ParticipantList.Status.MAPPING,
    )


def discard(job: ParticipantList) -> None:
    if job.staged_file:
        Path(job.staged_file).unlink(missing_ok=True)
        ParticipantList.objects.filter(pk=job.pk).update(staged_file="")
        job.staged_file = ""


# ---------------------------------------------------------------------------------------------------- row checks


@lru_cache(maxsize=65_536)
def parse_day(text: str) -> datetime.date | None:
    """dd/mm/yyyy (also with - or .), yyyy-mm-dd or Excel's date-time; None when it is not a real date."""
    found = _DMY.fullmatch(text)
    try:
        if found:
            return datetime.date(int(found[3]), int(found[2]), int(found[1]))
        found = _YMD.fullmatch(text)
        if found:
            return datetime.date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None
    return None


@lru_cache(maxsize=1024)
def parse_scheme(text: str) -> str | None:
    return _SCHEMES.get(_NON_ALNUM.sub("", fold(text)))


def insurance_number(text: str) -> str | None:
    digits = text.replace(" ", "").replace(".", "")
    if digits.isdigit() and digits.isascii() and len(digits) <= 10:
        return digits.zfill(10)  # a spreadsheet that read the number as a number lost its leading zeros
    return None


def phone(text: str) -> str | None:
    """A mobile number as registrations keep it; "" for none; None when it is not one."""
    if not text:
        return ""
    if len(text) == 9 and text.isdigit() and text[0] in "35789":
        text = "0" + text  # a spreadsheet number lost the leading zero
    try:
        return phones.normalise(text)
    except ValidationError:
        return None


@dataclass
class Outcome:
    total: int = 0
    added: int = 0
    known: int = 0
    rejected: int = 0
    rejects: list[list] = field(default_factory=list)
    first: datetime.date | None = None
    last: datetime.date | None = None

    def refuse(self, number: int, column: str, reason: str) -> None:
        self.rejected += 1
        if len(self.rejects) < ParticipantList.REJECTS_KEPT:
            self.rejects.append([number, column, reason])


def _communes() -> dict[str, tuple[int, str]]:
    rows = Unit.objects.filter(level=Unit.Level.COMMUNE).values_list("code", "pk", "path")
    return {code: (pk, path) for code, pk, path in rows}


def _commune_code(text: str) -> str:
    return text.zfill(5) if text.isdigit() and len(text) < 5 else text


def import_rows(
    rows: Iterator[list[str]],
    *,
    job: ParticipantList,
    mapping: dict[str, int],
    progress: Callable[[int], None] | None = None,
    today: datetime.date | None = None,
) -> Outcome:
    """Check and store the data rows (the header already taken); returns the counts and the refused rows."""
    today = today or timezone.localdate()
    hasher = Hasher()
    communes = _communes()
    scope = job.unit.path
    labels = {f.value: str(f.label) for f in Field}
    reasons = {code: str(text) for code, text in REASONS.items()}
    col = mapping
    width = max(col.values()) + 1
    phone_col = col.get(Field.PHONE)
    outcome = Outcome()
    batch: list[tuple] = []
    writer = _Writer(job)
    try:
        number = 1  # the header is row 1, as the spreadsheet shows it
        for cells in rows:
            number += 1
            outcome.total += 1
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            sin = insurance_number(cells[col[Field.INSURANCE_NUMBER]])
            if sin is None:
                outcome.refuse(number, labels[Field.INSURANCE_NUMBER], reasons["sin"])
                continue
            name = cells[col[Field.NAME]]
            if not name:
                outcome.refuse(number, labels[Field.NAME], reasons["name"])
                continue
            born = parse_day(cells[col[Field.BORN]])
            if born is None or born > today or born.year < 1900:
                outcome.refuse(number, labels[Field.BORN], reasons["born"])
                continue
            mobile = phone(cells[phone_col]) if phone_col is not None else ""
            if mobile is None:
                outcome.refuse(number, labels[Field.PHONE], reasons["phone"])
                continue
            code = _commune_code(cells[col[Field.COMMUNE]])
            commune = communes.get(code)
            if commune is None:
                outcome.refuse(number, labels[Field.COMMUNE], reasons["commune"])
                continue
            if not commune[1].startswith(scope):
                outcome.refuse(number, labels[Field.COMMUNE], reasons["outside"])
                continue
            scheme = parse_scheme(cells[col[Field.SCHEME]])
            if scheme is None:
                outcome.refuse(number, labels[Field.SCHEME], reasons["scheme"])
                continue
            start = parse_day(cells[col[Field.START]])
            if start is None or start > today or start.year < 1990:
                outcome.refuse(number, labels[Field.START], reasons["start"])
                continue
            if outcome.first is None or start < outcome.first:
                outcome.first = start
            if outcome.last is None or start > outcome.last:
                outcome.last = start
            batch.append(
                (
                    commune[0],
                    scheme,
                    start,
                    hasher.insurance_number(sin),
                    hasher.phone(mobile),
                    hasher.person(name, born, code),
                )
            )
            if len(batch) >= BATCH:
                writer.write(batch)
                outcome.known += len(batch)
                batch = []
                if progress:
                    progress(outcome.total)
        if batch:
            writer.write(batch)
            outcome.known += len(batch)
        outcome.added = writer.finish()
        outcome.known -= outcome.added
    finally:
        writer.close()  # after an error too: the writing thread and its connection are released
    if progress:
        progress(outcome.total)
    return outcome


_COLUMNS = ("participant_list_id", "commune_id", "scheme", "start_date", "person", "phone", "identity", "created_at")


class _Writer:
    """Writes batches of accepted rows, skipping those already stored, and counts the new ones (`finish`).

    On PostgreSQL outside a transaction (the worker, the management command), each batch is written by a thread
    of its own, on a connection of its own, while the next batch is checked and hashed: the database's work and
    Python's then run on two cores instead of taking turns (bench/attribution/results.md). One batch at most is
    in flight, so memory stays flat. Inside a caller's transaction (an atomic block, the tests) the rows must
    belong to it, so they are written there, one batch after the other."""

    def __init__(self, job: ParticipantList):
        self.job = job
        self.now = timezone.now()
        self.table = Enrolment._meta.db_table
        self.copy = connection.vendor == "postgresql"
        self.staged = False
        self.added = 0
        self.closed = False
        self.pending: Future[int] | None = None
        self.pool: ThreadPoolExecutor | None = None
        if self.copy and WRITE_BEHIND and not connection.in_atomic_block:
            self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lantoa-list-writer")

    def write(self, batch: list[tuple]) -> None:
        if self.pool is None:
            self.added += self._write(batch)
            return
        self._wait()  # the previous batch's error, if any, stops the import here
        self.pending = self.pool.submit(self._write, batch)

    def finish(self) -> int:
        """Wait for the last batch and release what the writing used; returns how many rows were new."""
        self._wait()
        self.close()
        return self.added

    def close(self) -> None:
        """Release the staging table, and the thread with its connection; safe to call again, and after an error."""
        if self.closed:
            return
        self.closed = True
        if self.pool is None:
            with contextlib.suppress(DatabaseError):  # a broken connection or transaction: the error before it counts
                self._drop_stage()
            return
        try:
            if self.pending is not None and not self.pending.cancel():  # not cancelled: it ran or is running
                try:
                    self.pending.result()
                except Exception as exc:  # the import stopped for another reason, which is the one raised
                    # Only the list and the kind of error: a database error's text may quote a row.
                    logger.warning(
                        "participant list %s: the batch being written failed too (%s)", self.job.pk, type(exc).__name__
                    )
            with contextlib.suppress(Exception):  # must not hide the error that stopped the import
                self.pool.submit(self._release_thread).result()
        finally:
            self.pool.shutdown()

    def _wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            self.added += pending.result()

    def _write(self, batch: list[tuple]) -> int:
        rows = [(self.job.pk, *row, self.now) for row in batch]
        columns = ", ".join(_COLUMNS)
        with transaction.atomic(), connection.cursor() as cursor:
            if not self.copy:
                marks = ", ".join(["%s"] * len(_COLUMNS))
                cursor.executemany(
                    f"INSERT INTO {self.table} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING",  # noqa: S608 (names ours)
                    rows,
                )
                return max(cursor.rowcount, 0)
            if not self.staged:
                # The columns written, nothing else (no id, no constraint): COPY fills it, the INSERT empties it.
                cursor.execute(
                    "CREATE TEMPORARY TABLE IF NOT EXISTS lantoa_enrolment_stage AS "  # noqa: S608 (names ours)
                    f"SELECT {columns} FROM {self.table} WITH NO DATA"
                )
                self.staged = True
            cursor.execute("TRUNCATE lantoa_enrolment_stage")
            with cursor.cursor.copy(f"COPY lantoa_enrolment_stage ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {self.table} ({columns}) SELECT {columns} FROM lantoa_enrolment_stage "  # noqa: S608
                "ON CONFLICT DO NOTHING"
            )
            return cursor.rowcount

    def _drop_stage(self) -> None:
        if self.staged:
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS lantoa_enrolment_stage")

    def _release_thread(self) -> None:
        """In the writing thread: its staging table (a temporary table of its connection) and the connection."""
        try:
            with contextlib.suppress(DatabaseError):  # a broken connection takes its temporary table with it
                self._drop_stage()
        finally:
            connection.close()


def run(job: ParticipantList, *, progress: Callable[[int], None] | None = None) -> Outcome:
    """Import a staged list whose layout is known; the staged file is deleted whatever happens."""
    path = Path(job.staged_file)
    try:
        rows = iter_rows(path)
        next(rows)  # the header
        return import_rows(rows, job=job, mapping=job.layout.mapping, progress=progress)
    finally:
        path.unlink(missing_ok=True)


def count_rows(path: Path) -> int:
    """How many data rows a staged file holds (for the progress bar), read as cheaply as the format allows."""
    if path.suffix == ".csv":
        with path.open("rb") as handle:
            return max(sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) - 1, 0)
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return max((book.active.max_row or 1) - 1, 0)
    finally:
        book.close()


def sample_csv() -> str:
    """A file in the layout Lan Toả recognises without asking, with made-up rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    # The participant management system's own (Vietnamese) headers, whatever the language of the screen.
    writer.writerow(SAMPLE_HEADERS)
    writer.writerow(
        ["0123456789", "Nguyễn Thị Lan", "15/04/1985", "0912345678", "00070", "BHXH tự nguyện", "01/03/2026"]
    )
    writer.writerow(["0198765432", "Trần Văn Minh", "02/11/1990", "", "00070", "BHYT hộ gia đình", "01/03/2026"])
    return out.getvalue()
