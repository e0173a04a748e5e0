"""The interface's message catalogues: English is complete, and every configured language can be routed."""

import ast
import gettext as gettext_module
import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from ninja.errors import ValidationError

from lantoa.api import validation_error
from lantoa.content.models import ArticlePage, DocumentPage
from lantoa.units.roles import Role

PROJECT_ROOT = Path(__file__).resolve().parents[3]
EN_CATALOGUE = PROJECT_ROOT / "lantoa" / "locale" / "en" / "LC_MESSAGES" / "django.po"
UPDATE_HINT = (
    "run `manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=bench --no-location`, "
    "translate in lantoa/locale/en/LC_MESSAGES/django.po, then `manage.py compilemessages --ignore=.venv`"
)


def _po_entries(path: Path) -> list[dict]:
    """The catalogue's live entries as {flags, msgctxt, msgid, msgid_plural, msgstr: {index: text}}.

    Enough of the .po format for gettext's own output: entries are separated by blank lines, strings are
    C-quoted (a Python literal for our text) and continue on following lines.
    """
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, field = {"flags": set(), "msgstr": {}}, None
        for line in block.strip().splitlines():
            if line.startswith("#~"):  # obsolete: no longer in the code, shown to no one
                entry, field = None, None
                break
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if isinstance(field, int):
                    entry["msgstr"][field] += value
                else:
                    entry[field] += value
            else:
                keyword, _space, quoted = line.partition(" ")
                value = ast.literal_eval(quoted)
                if keyword.startswith("msgstr"):
                    field = int(keyword[7:-1]) if "[" in keyword else 0
                    entry["msgstr"][field] = value
                else:
                    field = keyword
                    entry[field] = value
        if entry and "msgid" in entry:
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def en_entries():
    return [entry for entry in _po_entries(EN_CATALOGUE) if entry["msgid"]]  # the header has an empty msgid


def test_role_labels_are_shown_in_english():
    with translation.override("en"):
        assert [str(label) for label in Role.labels] == ["Viewer", "Author", "Editor", "Approver", "Unit admin"]


def test_content_type_names_are_shown_in_english():
    with translation.override("en"):
        assert str(ArticlePage._meta.verbose_name) == "article, news"
        assert str(DocumentPage._meta.verbose_name) == "policy or legal document"
        assert gettext("Tiếng Việt") == "Vietnamese"


def test_vietnamese_stays_the_source_language():
    with translation.override("vi"):
        assert str(Role.VIEWER.label) == "Người xem"


def test_api_validation_message_has_english(rf):
    # The API's URLs carry no language prefix, so LocaleMiddleware serves them in Vietnamese; the handler's
    # messages still go through the catalogue, ready for a caller that activates English.
    error = ValidationError([{"type": "extra_forbidden", "loc": ("query", "q")}])
    with translation.override("en"):
        response = validation_error(rf.get("/api/v1/taxonomy/policy-areas?q=x"), error)
    assert response.status_code == 422
    assert json.loads(response.content)["message"] == "Invalid data: parameter “q” is not supported."


def test_english_catalogue_has_no_untranslated_strings(en_entries):
    untranslated = [
        entry["msgid"]
        for entry in en_entries
        if not entry["msgstr"] or any(not text for text in entry["msgstr"].values())
    ]
    assert not untranslated, f"{len(untranslated)} string(s) without English: {untranslated[:20]} — {UPDATE_HINT}"


def test_every_string_marked_in_the_code_has_english(tmp_path, settings, monkeypatch):
    # Extract afresh into a copy, as makemessages would (it needs the gettext tools, as compilemessages does):
    # a string added since the catalogue was last updated fails here, by name, instead of reaching English
    # readers in Vietnamese.
    copy = tmp_path / "en" / "LC_MESSAGES" / "django.po"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(EN_CATALOGUE, copy)
    settings.LOCALE_PATHS = [tmp_path]
    monkeypatch.chdir(PROJECT_ROOT)
    call_command(
        "makemessages",
        locale=["en"],
        ignore_patterns=[".venv", "var", "bench", "node_modules", "locale"],  # "locale": keep the real one out
        no_location=True,
        verbosity=0,
    )
    missing = [
        entry["msgid"]
        for entry in _po_entries(copy)
        if entry["msgid"] and ("fuzzy" in entry["flags"] or not all(entry["msgstr"].values()))
    ]
    assert not missing, f"{len(missing)} string(s) in the code without English: {missing[:20]} — {UPDATE_HINT}"


def test_english_catalogue_has_no_fuzzy_entries(en_entries):
    fuzzy = [entry["msgid"] for entry in en_entries if "fuzzy" in entry["flags"]]
    assert not fuzzy, f"fuzzy (guessed) English to check, then remove '#, fuzzy': {fuzzy[:20]} — {UPDATE_HINT}"


def test_plural_entries_have_both_english_forms(en_entries):
    plurals = [entry for entry in en_entries if "msgid_plural" in entry]
    assert plurals
    assert all(sorted(entry["msgstr"]) == [0, 1] for entry in plurals)


def test_compiled_english_catalogue_matches_its_source(en_entries):
    with EN_CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        catalogue = gettext_module.GNUTranslations(compiled)._catalog
    stale = []
    for entry in en_entries:
        msgid = f"{entry['msgctxt']}\x04{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]
        if "msgid_plural" in entry:
            found = {index: catalogue.get((msgid, index)) for index in entry["msgstr"]}
        else:
            found = {0: catalogue.get(msgid)}
        if found != entry["msgstr"]:
            stale.append(entry["msgid"])
    assert not stale, f"django.mo is out of date for {stale[:20]} — {UPDATE_HINT}"


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_every_configured_language_can_be_activated(code):
    # Django only routes /<code>/ to a language it finds a catalogue for; the minority languages have
    # (near-empty) catalogues in lantoa/locale for exactly this reason, and fall back to Vietnamese.
    assert translation.check_for_language(code), f"no catalogue for “{code}” in lantoa/locale"
