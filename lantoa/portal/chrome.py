"""The portal's chrome: the interface strings a reader sees around the content, their catalogue in each minority
language and how much of each is translated.

Articles are translated page by page in Wagtail; the chrome (header, navigation, headings, search, calculators,
registration, events) is translated in `lantoa/locale/<code>/LC_MESSAGES/django.po`, loaded like the English
catalogue. `manage.py update_chrome_catalogs` puts every chrome msgid in each minority catalogue with an empty
msgstr, so the catalogue is complete and its missing share measurable; a string without a vetted translation
shows in Vietnamese (Django falls back to the msgid), and nobody invents one.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

PROJECT_DIR = Path(__file__).resolve().parent.parent

# What a reader sees: the public templates and the modules whose strings reach them (forms, choices, messages).
CHROME_SOURCES = (
    "portal/templates/**/*.html",
    "content/templates/content/*.html",
    "content/templates/content/includes/*.html",
    "content/templates/content/blocks/*.html",
    "outreach/templates/outreach/*.html",
    "calculators/templates/calculators/*.html",
    "channels/templates/channels/*.html",
    "portal/entrypoints.py",
    "portal/feeds.py",
    "portal/forms.py",
    "portal/views.py",
    "portal/selectors.py",
    "portal/templatetags/portal_tags.py",
    "calculators/forms.py",
    "calculators/models.py",
    "calculators/services.py",
    "calculators/views.py",
    "calculators/templatetags/calculators.py",
    "outreach/views.py",
    "channels/views.py",
)
# Public Python modules that also hold staff-only strings: only the reader-facing classes are chrome.
CHROME_PYTHON_PARTS = {
    "outreach/forms.py": ("CONSENT_TEXT", "class RegistrationForm", "def _no_control_chars"),
    "outreach/models.py": ("class Partner", "class Kind", "class Interest", "class ContactTime"),
    # Unit and office names in the reader's language (Unit.display_name, Unit.office_name).
    "units/models.py": ("DIVISION_NAMES", "CENTRE_NAME", "OFFICE_NAME"),
}


def chrome_files() -> list[Path]:
    files = {path for pattern in CHROME_SOURCES for path in PROJECT_DIR.glob(pattern)}
    files |= {PROJECT_DIR / name for name in CHROME_PYTHON_PARTS}
    return sorted(files)


def minority_languages() -> list[tuple[str, str]]:
    """The configured minority languages (code, name): every language of the portal but Vietnamese and English."""
    return [(code, str(name)) for code, name in settings.LANGUAGES if code not in ("vi", "en")]


def catalog_path(code: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES" / "django.po"


@dataclass(frozen=True)
class CatalogStatus:
    code: str
    name: str
    total: int
    translated: int
    exists: bool

    @property
    def percent(self) -> float:
        return 100 * self.translated / self.total if self.total else 0.0

    @property
    def complete(self) -> bool:
        return self.exists and self.total > 0 and self.translated == self.total


def catalog_counts(path: Path) -> tuple[int, int] | None:
    """(msgids, translated) of a .po file: fuzzy entries count as untranslated, as msgfmt leaves them out."""
    import polib

    if not path.exists():
        return None
    entries = [entry for entry in polib.pofile(str(path)) if not entry.obsolete]
    return len(entries), sum(1 for entry in entries if entry.translated())


@lru_cache(maxsize=1)
def _statuses(key: tuple) -> tuple[CatalogStatus, ...]:
    statuses = []
    for code, name in minority_languages():
        counts = catalog_counts(catalog_path(code))
        total, translated = counts or (0, 0)
        statuses.append(CatalogStatus(code, name, total, translated, counts is not None))
    return tuple(statuses)


def catalog_statuses() -> tuple[CatalogStatus, ...]:
    """How much of each minority language's chrome catalogue is translated; read again when a .po changes."""
    key = tuple(
        (code, catalog_path(code).stat().st_mtime_ns if catalog_path(code).exists() else 0)
        for code, _name in minority_languages()
    )
    return _statuses(key)


def catalog_status(code: str) -> CatalogStatus | None:
    return next((status for status in catalog_statuses() if status.code == code), None)
