"""Importing a participant list: rows checked one by one, identifiers kept only as digests, a province kept to its
own communes, a second import of the same file changing nothing, the file gone afterwards."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from lantoa.attribution import lists, services
from lantoa.attribution.models import Enrolment, ListLayout, Match, ParticipantList
from lantoa.digests import Hasher

from .conftest import csv_file, days_ago

pytestmark = pytest.mark.django_db


def _import(rows, unit, user=None, **kw):
    job = lists.stage(csv_file(rows, **kw), unit=unit, user=user)
    if job.status == ParticipantList.Status.MAPPING:
        headers = lists.read_header(Path(job.staged_file))
        services.save_layout(job, headers=headers, mapping=lists.guess_mapping(headers), user=user)
    return services.run_import(job)


ROWS = [
    ["0123456789", "Nguyễn Thị Lan", "15/04/1985", "0912 345 678", "00070", "BHXH tự nguyện", days_ago(10)],
    ["0123456790", "TRAN VAN MINH", "1990-11-02", "+84 987.654.321", "00073", "BHYT hộ gia đình", days_ago(5)],
    ["123456791", "Lê Thị Hoa", "02/01/1970", "", "00070", "bhxh tu nguyen", days_ago(3)],  # lost leading zero
]


def test_rows_are_kept_as_digests_only_and_counted(units):
    job = _import(ROWS, units["hanoi"])

    assert (job.status, job.total, job.added, job.known, job.rejected) == ("done", 3, 3, 0, 0)
    assert job.period_start == timezone.localdate() - datetime.timedelta(days=10)
    hasher = Hasher()
    stored = Enrolment.objects.get(person=hasher.insurance_number("0123456790"))
    assert stored.phone == hasher.phone("0987654321")
    assert stored.scheme == "bhyt-ho-gia-dinh" and stored.commune == units["hanoi_b"]
    assert Enrolment.objects.get(person=hasher.insurance_number("0123456791")).phone == ""
    # Nothing in any table holds the identifiers in the clear.
    with connection.cursor() as cursor:
        for model in (Enrolment, ParticipantList, ListLayout):
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")  # noqa: S608
            dump = repr(cursor.fetchall())
            for secret in ("0123456789", "912345678", "987654321", "Nguyễn Thị Lan", "Nguyen", "1985-04-15", "15/04"):
                assert secret not in dump, (model, secret)
    assert not list(lists.staging_dir().iterdir()), "the uploaded file is deleted after the import"


def test_bad_rows_are_listed_with_their_reason_without_stopping_the_import(units):
    future = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    rows = [
        ROWS[0],
        ["12AB", "Người A", "01/01/1980", "", "00070", "BHXH tự nguyện", days_ago(2)],
        ["0000000002", "", "01/01/1980", "", "00070", "BHXH tự nguyện", days_ago(2)],
        ["0000000003", "Người C", "31/02/1980", "", "00070", "BHXH tự nguyện", days_ago(2)],
        ["0000000004", "Người D", "01/01/1980", "12345", "00070", "BHXH tự nguyện", days_ago(2)],
        ["0000000005", "Người E", "01/01/1980", "", "99999", "BHXH tự nguyện", days_ago(2)],
        ["0000000006", "Người F", "01/01/1980", "", "19774", "BHXH tự nguyện", days_ago(2)],  # Huế, not Hà Nội
        ["0000000007", "Người G", "01/01/1980", "", "00070", "BHYT học sinh", days_ago(2)],
        ["0000000008", "Người H", "01/01/1980", "", "00070", "BHXH tự nguyện", future],
        ["0000000009", "Người I"],
    ]

    job = _import(rows, units["hanoi"])

    assert (job.added, job.rejected) == (1, 9)
    reasons = {number: (column, reason) for number, column, reason in job.rejects}
    assert reasons[3] == ("Mã số BHXH", "Mã số BHXH phải có đúng 10 chữ số.")
    assert reasons[4][1] == "Thiếu họ và tên."
    assert reasons[5][0] == "Ngày sinh"
    assert reasons[6][0] == "Số điện thoại"
    assert reasons[7][1] == "Mã xã, phường không có trong danh mục."
    assert reasons[8][1] == "Xã, phường không thuộc địa bàn của đơn vị nhập."
    assert reasons[9][0] == "Loại hình tham gia"
    assert reasons[10][0] == "Ngày bắt đầu tham gia"
    assert 11 in reasons
    assert "Người" not in repr(job.rejects), "a reason names the column, never the value"


def test_a_file_from_another_province_adds_nothing_and_says_why(units):
    rows = [["0000000011", "Người Huế", "01/01/1980", "", "19774", "BHXH tự nguyện", days_ago(2)]]

    job = _import(rows, units["hanoi"])

    assert (job.added, job.rejected) == (0, 1)
    assert "tỉnh khác" in job.message
    assert not Enrolment.objects.exists()


def test_importing_the_same_file_again_changes_nothing(units):
    first = _import(ROWS, units["hanoi"])
    again = _import(ROWS, units["hanoi"])

    assert Enrolment.objects.count() == 3
    assert (again.status, again.added, again.known) == ("done", 0, 3)
    assert "không có gì thay đổi" in again.message
    assert first.added == 3
    # The same people in another file (another order, one more row) are known, not added twice.
    more = [ROWS[2], ROWS[0], ["0000000021", "Người Mới", "01/01/1980", "", "00073", "BHXH tự nguyện", days_ago(1)]]
    third = _import(more, units["hanoi"])
    assert (third.added, third.known) == (1, 2)
    assert Enrolment.objects.count() == 4


def test_a_new_layout_is_mapped_once_then_recognised(units, client, make_staff):
    from lantoa.units.models import Role

    headers = ["STT", "Số sổ BHXH", "Họ tên người tham gia", "Ngày tháng năm sinh", "SĐT", "Mã ĐVHC", "Đối tượng"]
    headers.append("Từ ngày")
    rows = [["1", *ROWS[0][:6], ROWS[0][6]]]
    staff = make_staff(units["hanoi"], Role.APPROVER)
    client.force_login(staff)

    response = client.post(
        "/admin/lantoa/danh-sach-tham-gia/", {"unit": units["hanoi"].pk, "file": csv_file(rows, headers=headers)}
    )
    job = ParticipantList.objects.get()
    assert job.status == "mapping"
    assert response.url.endswith(f"/{job.pk}/")
    page = client.get(f"/admin/lantoa/danh-sach-tham-gia/{job.pk}/chon-cot/").content.decode()
    assert 'value="1" selected' in page  # the social insurance number guessed from "Số sổ BHXH"
    mapping = {"insurance_number": 1, "name": 2, "born": 3, "phone": 4, "commune": 5, "scheme": 6, "start": 7}
    client.post(f"/admin/lantoa/danh-sach-tham-gia/{job.pk}/chon-cot/", mapping)

    job.refresh_from_db()
    assert (job.status, job.added) == ("done", 1)  # tasks run at once in the tests
    second = client.post(
        "/admin/lantoa/danh-sach-tham-gia/",
        {"unit": units["hanoi"].pk, "file": csv_file([["2", *ROWS[1]]], headers=headers, name="thang-2.csv")},
    )
    later = ParticipantList.objects.latest("pk")
    assert second.url.endswith(f"/{later.pk}/") and later.status == "done" and later.added == 1
    detail = client.get(f"/admin/lantoa/danh-sach-tham-gia/{later.pk}/").content.decode()
    assert "1 người tham gia mới được ghi nhận" in detail


def test_an_xlsx_list_with_numbers_and_dates_as_excel_writes_them(units):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(lists.SAMPLE_HEADERS)
    born, today = datetime.datetime(1980, 5, 1), timezone.localdate()
    sheet.append([123456789, "Phạm Văn An", born, 912345679, 70, "BHXH tự nguyện", today])
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("ds.xlsx", out.getvalue())

    job = services.run_import(lists.stage(upload, unit=units["hanoi"], user=None))

    assert (job.added, job.rejected) == (1, 0), job.rejects
    assert Enrolment.objects.get().phone == Hasher().phone("0912345679")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ds.pdf", b"%PDF-1.4", "Chỉ nhận tệp .csv hoặc .xlsx."),
        ("ds.csv", b"", "Tệp không có dữ liệu."),
        ("ds.csv", "Mã số BHXH,Họ và tên\n".encode("utf-16"), "UTF-8"),
        ("ds.xlsx", b"PK\x03\x04 not really a workbook", "Không đọc được tệp"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_message_and_not_kept(units, name, content, message):
    with pytest.raises(lists.ListError, match=message):
        lists.stage(SimpleUploadedFile(name, content), unit=units["hanoi"], user=None)
    assert not ParticipantList.objects.exists()
    assert not list(lists.staging_dir().iterdir())


def test_match_views_and_imports_never_log_identifiers(units, register, caplog):
    register("0912345678", days_ago=40)
    with caplog.at_level("DEBUG"):
        job = _import(ROWS, units["hanoi"])
    assert job.matched == 1 and Match.objects.count() == 1
    assert "912345678" not in caplog.text and "0123456789" not in caplog.text and "Lan" not in caplog.text


def test_the_command_imports_with_progress_and_refuses_an_unknown_unit_or_layout(units, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "ds.csv"
    path.write_bytes(csv_file(ROWS).read())
    out = io.StringIO()

    call_command("import_participant_list", str(path), "--unit", "01", stdout=out)

    assert "3/3 (100%)" in out.getvalue() and "3 người tham gia mới" in out.getvalue()
    assert path.exists(), "the operator's own file is left where it was; only the staged copy is deleted"
    assert not list(lists.staging_dir().iterdir())
    with pytest.raises(CommandError, match="Không có tỉnh, thành phố mã 99"):
        call_command("import_participant_list", str(path), "--unit", "99")
    other = tmp_path / "khac.csv"
    other.write_bytes(csv_file(ROWS, headers=["A", "B", "C", "D", "E", "F", "G"]).read())
    with pytest.raises(CommandError, match="chưa được khai báo"):
        call_command("import_participant_list", str(other), "--unit", "01")
    assert not list(lists.staging_dir().iterdir())


def test_housekeeping_removes_files_left_waiting_for_their_columns(units):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    job = lists.stage(csv_file(ROWS, headers=["A", "B", "C", "D", "E", "F", "G"]), unit=units["hanoi"], user=None)
    ParticipantList.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    out = io.StringIO()

    call_command("attribution_housekeeping", stdout=out)

    assert "Đã xoá 1 tệp" in out.getvalue()
    assert not list(lists.staging_dir().iterdir())
    assert ParticipantList.objects.get().status == "failed"


def test_lists_are_seen_only_within_the_importers_units(units, make_staff, client):
    from lantoa.units.models import Role

    job = _import(ROWS, units["hanoi"])
    client.force_login(make_staff(units["hue"], Role.APPROVER))

    assert client.get(f"/admin/lantoa/danh-sach-tham-gia/{job.pk}/").status_code == 404
    page = client.get("/admin/lantoa/danh-sach-tham-gia/").content.decode()
    assert job.file_name not in page
    assert f'<option value="{units["hanoi"].pk}"' not in page  # nor can they import for Hà Nội
    refused = client.post(
        "/admin/lantoa/danh-sach-tham-gia/", {"unit": units["hanoi"].pk, "file": csv_file(ROWS, name="x.csv")}
    )
    assert refused.status_code == 200 and ParticipantList.objects.count() == 1
    client.force_login(make_staff(units["hanoi_a"], Role.APPROVER))  # a commune does not import lists
    assert client.get("/admin/lantoa/danh-sach-tham-gia/").status_code in (302, 403)
    client.force_login(make_staff(units["hanoi"], Role.AUTHOR))
    assert client.get(f"/admin/lantoa/danh-sach-tham-gia/{job.pk}/").status_code in (302, 403)


def test_hostile_uploads_are_refused_and_nothing_is_kept(units, make_staff, client):
    from lantoa.units.models import Role

    client.force_login(make_staff(units["hanoi"], Role.APPROVER))
    for upload in (
        SimpleUploadedFile("../../etc/passwd.csv", b""),
        SimpleUploadedFile("ds.exe", b"MZ"),
        SimpleUploadedFile("ds.csv", b"<script>alert(1)</script>\n"),
    ):
        response = client.post("/admin/lantoa/danh-sach-tham-gia/", {"unit": units["hanoi"].pk, "file": upload})
        assert response.status_code in (200, 302)
    page = client.get(response.url if response.status_code == 302 else "/admin/lantoa/danh-sach-tham-gia/")
    assert b"<script>alert(1)</script>" not in page.content
    assert all(p.parent == lists.staging_dir() for p in lists.staging_dir().iterdir())
