"""The test suite puts migration-loaded reference data back after a transactional test's flush
(lantoa/conftest.py, SEED_MIGRATIONS): a data migration missing from that list would leave later tests
on data the real database never has."""

import importlib
import inspect
from pathlib import Path

import pytest
from django.db import migrations

from lantoa.conftest import SEED_MIGRATIONS, SEED_SUPERSEDED

SEEDED_APPS = ("taxonomy", "calculators", "reports")


def _data_migrations(app: str) -> list[str]:
    found = []
    for path in sorted((Path(__file__).resolve().parents[1] / app / "migrations").glob("0*.py")):
        module_name = f"lantoa.{app}.migrations.{path.stem}"
        module = importlib.import_module(module_name)
        if any(isinstance(op, migrations.RunPython) for op in module.Migration.operations):
            found.append(module_name)
    return found


@pytest.mark.parametrize("app", SEEDED_APPS)
def test_every_data_migration_of_the_seeded_apps_is_replayed_after_a_flush(app):
    replayed = {module for module, _function in SEED_MIGRATIONS} | set(SEED_SUPERSEDED)

    assert set(_data_migrations(app)) <= replayed


def test_the_replayed_functions_are_the_migrations_forward_code():
    for module_name, function in SEED_MIGRATIONS:
        module = importlib.import_module(module_name)
        forwards = [op.code for op in module.Migration.operations if isinstance(op, migrations.RunPython)]
        assert getattr(module, function) in forwards, module_name
        assert inspect.signature(getattr(module, function)).parameters.keys() == {"apps", "schema_editor"}
