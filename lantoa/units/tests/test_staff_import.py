"""A province admin onboards its communes' staff from a sheet: preview with an error per row, confirm, re-import."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from wagtail.models import ModelLogEntry

from lantoa.units.models import Membership, StaffImport
from lantoa.units.roles import Role

User = get_user_model()

SHEET = (
    "Họ và tên,Email hoặc số điện thoại,Mã đơn vị,Vai trò\n"
    "Nguyễn Thị Lan,lan.nguyen@example.vn,00070,Tác giả\n"
    "Trần Văn Minh,0912 345 678,00073,người phê duyệt\n"
    "Lê Hoa,hoa@example.vn,19774,Biên tập viên\n"  # Huế: outside a Hà Nội admin's scope
    "Phạm An,khong-phai-email,00070,Tác giả\n"
    "Đỗ Bình,binh@example.vn,99999,Tác giả\n"
    "Vũ Cúc,cuc@example.vn,00070,Thủ trưởng\n"
    "Nguyễn Thị Lan,LAN.NGUYEN@example.vn,00070,Biên tập viên\n"  # the same person and unit twice
)


@pytest.fixture
def hanoi_admin(units, make_staff):
    return make_staff(units["hanoi"], Role.UNIT_ADMIN, username="quan-tri-ha-noi")


def _upload(client, content: bytes | str, name: str = "nhan-su.csv"):
    if isinstance(content, str):
        content = content.encode()
    return client.post(reverse("staff_import:index"), {"file": SimpleUploadedFile(name, content)})


def _preview(client, content, name="nhan-su.csv") -> StaffImport:
    response = _upload(client, content, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    return StaffImport.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])


def test_preview_says_what_each_row_would_do_and_why_a_row_is_refused_and_writes_nothing(client, units, hanoi_admin):
    client.force_login(hanoi_admin)
    users_before = User.objects.count()

    job = _preview(client, SHEET)
    html = client.get(reverse("staff_import:detail", args=(job.pk,))).content.decode()

    assert "2 tài khoản mới" in html
    assert "5 dòng có lỗi" in html
    assert "Phường Thuận Hóa không thuộc phạm vi bạn quản lý" in html
    assert "Email không hợp lệ" in html or "Số điện thoại di động không hợp lệ" in html
    assert "Không có đơn vị mã 99999" in html
    assert "Vai trò không hợp lệ: “Thủ trưởng”" in html
    assert "Trùng với dòng 2" in html
    assert "0912345678" in html  # the phone, normalised, is the login name
    assert User.objects.count() == users_before
    assert not Membership.objects.exclude(user=hanoi_admin).exists()


def test_confirming_applies_the_good_rows_in_scope_and_a_reimport_changes_nothing(client, units, hanoi_admin):
    client.force_login(hanoi_admin)
    job = _preview(client, SHEET)

    response = client.post(reverse("staff_import:confirm", args=(job.pk,)))

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == StaffImport.Status.DONE
    assert job.rows == []  # names, e-mails and phones are not kept once applied
    assert job.result["new_account"] == 2
    lan = User.objects.get(username="lan.nguyen@example.vn")
    assert not lan.has_usable_password()
    assert lan.get_full_name() == "Nguyễn Thị Lan"
    held = set(Membership.objects.exclude(user=hanoi_admin).values_list("user__username", "unit__code", "role"))
    assert held == {("lan.nguyen@example.vn", "00070", Role.AUTHOR), ("0912345678", "00073", Role.APPROVER)}
    assert not Membership.objects.filter(unit=units["hue_a"]).exists()
    assert ModelLogEntry.objects.filter(action="wagtail.create", user=hanoi_admin).count() == 2
    html = client.get(reverse("staff_import:detail", args=(job.pk,))).content.decode()
    assert "2 tài khoản mới" in html

    again = _preview(client, SHEET)
    assert again.total == 0
    html = client.get(reverse("staff_import:detail", args=(again.pk,))).content.decode()
    assert "Không có gì thay đổi" in html
    assert "2 dòng không thay đổi gì" in html


def test_a_changed_role_is_the_only_change_of_a_reimport(client, units, hanoi_admin):
    client.force_login(hanoi_admin)
    first = _preview(client, SHEET)
    client.post(reverse("staff_import:confirm", args=(first.pk,)))
    changed = SHEET.replace(
        "Nguyễn Thị Lan,lan.nguyen@example.vn,00070,Tác giả",
        "Nguyễn Thị Lan,lan.nguyen@example.vn,00070,Người phê duyệt",
    )

    job = _preview(client, changed)
    html = client.get(reverse("staff_import:detail", args=(job.pk,))).content.decode()

    assert job.total == 1
    assert "1 vai trò thay đổi" in html and "trước đây: Tác giả" in html
    client.post(reverse("staff_import:confirm", args=(job.pk,)))
    assert Membership.objects.get(user__username="lan.nguyen@example.vn").role == Role.APPROVER


def test_an_xlsx_sheet_with_an_existing_account_gets_a_new_role(client, units, hanoi_admin, make_staff):
    existing = make_staff(units["hanoi_b"], Role.AUTHOR, username="0987654321")
    client.force_login(hanoi_admin)
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Số điện thoại", "Mã đơn vị", "Vai trò"])
    sheet.append(["Hồ Văn Sơn", "+84 987 654 321", 70, "editor"])  # a code read as a number loses its zeros
    sheet.append(["Hồ Văn Sơn", "+84 987 654 321", "00070", "editor"])
    buffer = io.BytesIO()
    book.save(buffer)

    job = _preview(client, buffer.getvalue(), "nhan-su.xlsx")
    client.post(reverse("staff_import:confirm", args=(job.pk,)))

    assert Membership.objects.get(user=existing, unit=units["hanoi_a"]).role == Role.EDITOR
    assert Membership.objects.get(user=existing, unit=units["hanoi_b"]).role == Role.AUTHOR  # left alone


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("nhan-su.txt", b"x", "Chỉ nhận tệp .csv hoặc .xlsx."),
        ("nhan-su.csv", "Họ và tên;Vai trò\nAn;Tác giả\n".encode(), "Thiếu cột: Email hoặc số điện thoại, Mã đơn vị."),
        ("nhan-su.csv", "Họ và tên,Email,Mã đơn vị,Vai trò\n".encode("utf-16"), "Tệp CSV phải dùng bảng mã UTF-8."),
        ("nhan-su.xlsx", b"PK\x03\x04 not a workbook", "Không đọc được tệp XLSX."),
        ("nhan-su.csv", b"", "Tập tin được gửi là rỗng."),
        ("nhan-su.csv", b"\n ,, \n", "Tệp không có dữ liệu."),
        ("nhan-su.csv", b"a" * (2 * 1024 * 1024 + 1), "Tệp lớn quá 2 MB"),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_nothing_is_kept(client, units, hanoi_admin, name, content, message):
    client.force_login(hanoi_admin)

    response = _upload(client, content, name)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not StaffImport.objects.exists()


def test_too_many_rows_are_refused(client, units, hanoi_admin):
    client.force_login(hanoi_admin)
    rows = "".join(f"Người {n},nguoi{n}@example.vn,00070,Tác giả\n" for n in range(5_001))

    response = _upload(client, "Họ và tên,Email,Mã đơn vị,Vai trò\n" + rows)

    assert "Tệp có quá 5.001 dòng" in response.content.decode()


def test_markup_in_a_cell_is_shown_as_text(client, units, hanoi_admin):
    client.force_login(hanoi_admin)
    job = _preview(
        client, "Họ và tên,Email,Mã đơn vị,Vai trò\n<script>alert(1)</script>,x@example.vn,00070,=HYPERLINK()\n"
    )

    html = client.get(reverse("staff_import:detail", args=(job.pk,))).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_only_unit_admins_import_and_each_sees_only_their_own_imports(client, units, make_staff, hanoi_admin):
    author = make_staff(units["hanoi_a"], Role.AUTHOR, username="tac-gia")
    hue_admin = make_staff(units["hue"], Role.UNIT_ADMIN, username="quan-tri-hue")
    client.force_login(hanoi_admin)
    job = _preview(client, SHEET)

    client.force_login(author)
    assert client.get(reverse("staff_import:index")).status_code in (302, 403)
    assert client.post(reverse("staff_import:confirm", args=(job.pk,))).status_code in (302, 403)
    client.force_login(hue_admin)
    assert client.get(reverse("staff_import:detail", args=(job.pk,))).status_code == 404
    assert client.post(reverse("staff_import:confirm", args=(job.pk,))).status_code == 404
    job.refresh_from_db()
    assert job.status == StaffImport.Status.PREVIEW


def test_a_province_admin_cannot_import_into_another_province_even_by_editing_the_stored_preview(
    client, units, hanoi_admin
):
    client.force_login(hanoi_admin)
    job = _preview(client, "Họ và tên,Email,Mã đơn vị,Vai trò\nLê Hoa,hoa@example.vn,00070,Tác giả\n")
    job.rows[0]["unit_id"] = units["hue_a"].pk  # as if the stored rows had been tampered with
    job.rows[0]["unit_code"] = "19774"
    job.save()

    client.post(reverse("staff_import:confirm", args=(job.pk,)))

    assert not Membership.objects.filter(unit=units["hue_a"]).exists()


def test_previews_never_confirmed_are_deleted_after_a_day_by_the_scheduler_job(client, units, hanoi_admin):
    import datetime
    from io import StringIO

    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    client.force_login(hanoi_admin)
    old = _preview(client, SHEET)
    StaffImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    done = _preview(client, SHEET.replace("00073", "00070"))  # the next upload replaces the earlier preview
    assert not StaffImport.objects.filter(pk=old.pk).exists()
    recent = StaffImport.objects.get(pk=done.pk)
    StaffImport.objects.create(created_by=hanoi_admin, file_name="cu.csv", rows=[{"x": 1}], created_at=timezone.now())
    StaffImport.objects.filter(file_name="cu.csv").update(created_at=timezone.now() - datetime.timedelta(days=2))

    call_command("purge_staff_imports", stdout=StringIO())

    assert list(StaffImport.objects.values_list("pk", flat=True)) == [recent.pk]
    assert "purge_staff_imports" in dict(settings.LANTOA_PERIODIC_JOBS)
