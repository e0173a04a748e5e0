"""The unit tree import from the `vietnam-provinces` package: complete, idempotent, self-healing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from wagtail.search.backends import get_search_backend

from lantoa.units.models import Unit
from lantoa.units.services import import_units


def _counts() -> dict[str, int]:
    return dict(Unit.objects.values_list("level").annotate(n=Count("pk")).order_by())


@pytest.mark.django_db
def test_two_imports_give_the_real_tree_once():
    first = import_units()
    second = import_units()

    assert _counts() == {Unit.Level.CENTRE: 1, Unit.Level.PROVINCE: 34, Unit.Level.COMMUNE: 3321}
    assert first.created == 1 + 34 + 3321
    assert (second.created, second.updated, second.unchanged) == (0, 0, 1 + 34 + 3321)
    assert not Unit.objects.values("level", "code").annotate(n=Count("pk")).filter(n__gt=1).exists()
    hanoi = Unit.objects.get(level=Unit.Level.PROVINCE, code="01")
    assert hanoi.parent.level == Unit.Level.CENTRE
    assert Unit.objects.filter(parent=hanoi).count() == 126
    assert not Unit.objects.filter(level=Unit.Level.COMMUNE).exclude(parent__level=Unit.Level.PROVINCE).exists()
    # Every commune sits under its province in the materialised path.
    assert not Unit.objects.filter(level=Unit.Level.COMMUNE, parent=hanoi).exclude(path__startswith="VSS/01/").exists()
    # Bulk writes skip the per-save indexing, so the import indexes the units itself.
    found = get_search_backend().search("Hoàn Kiếm", Unit.objects.filter(level=Unit.Level.COMMUNE))
    assert [unit.code for unit in found] == ["00070"]


@pytest.mark.django_db
def test_reimport_restores_a_unit_renamed_or_deactivated_in_the_database():
    import_units()
    ward = Unit.objects.get(level=Unit.Level.COMMUNE, code="00070")
    official_name = ward.name
    Unit.objects.filter(pk=ward.pk).update(name="Tên sai", is_active=False)

    result = import_units()

    ward.refresh_from_db()
    assert (ward.name, ward.is_active) == (official_name, True)
    assert (result.created, result.updated) == (0, 1)


@pytest.mark.django_db
def test_import_command_prints_progress_and_a_summary():
    out = StringIO()
    call_command("import_units", stdout=out)
    call_command("import_units", stdout=out)

    lines = out.getvalue().splitlines()
    assert any("3356/3356 (100%)" in line for line in lines)
    assert sum("/3356 (" in line for line in lines) >= 5  # several steps on the first run, not one line at the end
    assert "3356 tạo mới" in lines[lines.index(next(line for line in lines if "tạo mới" in line))]
    assert lines[-1].endswith("0 tạo mới, 0 cập nhật, 3356 không đổi.")
    assert Unit.objects.count() == 3356
