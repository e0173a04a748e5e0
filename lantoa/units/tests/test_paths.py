"""Unit.ancestor_paths: the paths above a unit, read from its materialised path."""

from lantoa.units.models import Unit


def test_a_commune_has_the_centre_its_province_and_itself_in_order():
    commune = Unit(path="VSS/01/00070/")
    assert commune.ancestor_paths() == ["VSS/", "VSS/01/", "VSS/01/00070/"]
    assert commune.ancestor_paths(include_self=False) == ["VSS/", "VSS/01/"]


def test_the_centre_has_only_itself():
    centre = Unit(path="VSS/")
    assert centre.ancestor_paths() == ["VSS/"]
    assert centre.ancestor_paths(include_self=False) == []


def test_the_paths_are_those_of_the_units_up_the_parent_chain(units):
    commune = units["hanoi_a"]
    chain = []
    unit = commune
    while unit is not None:
        chain.insert(0, unit.path)
        unit = unit.parent
    assert commune.ancestor_paths() == chain
    above = Unit.objects.filter(path__in=commune.ancestor_paths(include_self=False)).order_by("path")
    assert list(above) == [units["centre"], units["hanoi"]]
