import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from lantoa.analytics.models import HistoricalTotal
from lantoa.analytics.selectors import comparison
from lantoa.analytics.services import rollup_days
from lantoa.analytics.store import DjangoStore
from lantoa.units.roles import Role

from .factories import event

GOOD_CSV = (
    "don_vi,nam,thang,luot_truy_cap,khach_truy_cap,luot_xem_trang,ghi_chu\n"
    ",2024,,15.200.000,,31000000,Báo cáo năm 2024\n"
    "01,2025,3,1200,800,,\n"
).encode()


def test_imported_yearly_total_gives_a_year_on_year_ratio_from_day_one(tmp_path, units, admin_user):
    path = tmp_path / "lich-su.csv"
    path.write_bytes(GOOD_CSV)
    call_command("import_analytics_history", str(path), verbosity=0)
    assert HistoricalTotal.objects.count() == 2
    # The whole of 2025 measured by the system: 30 visits; 2024 only as an imported total.
    day = datetime.date(2025, 6, 1)
    DjangoStore().record_many([event(day, 0, f"{i:016x}") for i in range(30)])
    rollup_days(days=[day])
    result = comparison(admin_user, start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))
    assert result.year_before.totals.visits == 15_200_000
    assert result.ratios["year_before"]["visits"] == pytest.approx(30 / 15_200_000)


def test_rerunning_the_import_updates_instead_of_duplicating(tmp_path, units):
    path = tmp_path / "lich-su.csv"
    path.write_bytes(GOOD_CSV)
    call_command("import_analytics_history", str(path), verbosity=0)
    path.write_bytes(GOOD_CSV.replace(b"1200", b"1300"))
    call_command("import_analytics_history", str(path), verbosity=0)
    assert HistoricalTotal.objects.count() == 2
    assert HistoricalTotal.objects.get(month=3).visits == 1300


def test_bad_rows_are_reported_by_row_number_in_vietnamese_and_nothing_is_saved(tmp_path, units):
    bad = b"don_vi,nam,thang,luot_truy_cap\n,2024,,100\n99,2024,,5\n,1999,,5\n01,2024,13,abc\n,2024,,7\n"
    path = tmp_path / "loi.csv"
    path.write_bytes(bad)
    with pytest.raises(CommandError) as error:
        call_command("import_analytics_history", str(path), verbosity=0)
    message = str(error.value)
    assert "Dòng 3: không có đơn vị mã “99”." in message
    assert "Dòng 4: năm phải từ 2000" in message
    assert "Dòng 5: tháng phải từ 1 đến 12." in message
    assert "Dòng 5: “luot_truy_cap” phải là số nguyên không âm." in message
    assert "Dòng 6: trùng đơn vị và kỳ với một dòng trước." in message
    assert not HistoricalTotal.objects.exists()


def test_missing_columns_are_named(tmp_path, db):
    path = tmp_path / "thieu.csv"
    path.write_bytes(b"nam,so_luot\n2024,5\n")
    with pytest.raises(CommandError, match="Thiếu cột: luot_truy_cap"):
        call_command("import_analytics_history", str(path), verbosity=0)


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_unit_admin_imports_xlsx_for_its_province_only_through_the_admin_form(client, units, make_staff):
    client.force_login(make_staff(units["hanoi"], Role.UNIT_ADMIN))
    url = "/admin/thong-ke/nhap-lich-su/"
    good = io.BytesIO(xlsx([["don_vi", "nam", "luot_truy_cap"], ["01", 2024, 5000], ["00070", 2024, 700]]))
    good.name = "hanoi.xlsx"
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    assert HistoricalTotal.objects.filter(unit__code__in=["01", "00070"]).count() == 2
    foreign = io.BytesIO(xlsx([["don_vi", "nam", "luot_truy_cap"], ["01", 2023, 1], ["46", 2023, 9]]))
    foreign.name = "hue.xlsx"
    page = client.post(url, {"file": foreign}).content.decode()
    assert "Dòng 3: bạn không có quyền nhập số liệu cho" in page
    assert not HistoricalTotal.objects.filter(year=2023).exists()


def test_viewer_may_not_import(client, units, make_staff):
    client.force_login(make_staff(units["hanoi"], Role.VIEWER))
    assert client.get("/admin/thong-ke/nhap-lich-su/").status_code in (302, 403)


def test_future_year_is_refused(tmp_path, units):
    path = tmp_path / "tuong-lai.csv"
    path.write_bytes(f"nam,luot_truy_cap\n{timezone.localdate().year + 1},5\n".encode())
    with pytest.raises(CommandError, match="Dòng 2: năm phải từ 2000"):
        call_command("import_analytics_history", str(path), verbosity=0)
