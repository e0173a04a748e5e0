"""Put every chrome msgid in each minority language's catalogue (empty msgstr), keeping vetted translations.

Idempotent: a second run changes nothing. Needs GNU gettext (xgettext, msgmerge, msgfmt), as makemessages does.
"""

import subprocess
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import templatize

from lantoa.portal import chrome

HEADER = """# Chrome catalogue of the portal in {name} ({code}): every interface string a reader sees, from
# `manage.py update_chrome_catalogs`. An empty msgstr shows the Vietnamese; fill one only with a vetted
# translation (docs/portal.md, "Languages"), never a guess.
msgid ""
msgstr ""
"Project-Id-Version: lantoa\\n"
"Language: {code}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"""

KEYWORDS = [
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
]


def python_parts(source: str, prefixes: tuple[str, ...]) -> str:
    """The blocks of `source` (statements, classes, nested ones too) whose first line starts with a prefix."""
    lines = source.splitlines()
    kept = ["from django.utils.translation import gettext_lazy as _"]
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip()
        if not stripped.startswith(prefixes):
            index += 1
            continue
        indent = len(line) - len(stripped)
        block = [stripped]
        index += 1
        while index < len(lines):
            following = lines[index]
            body = following.lstrip()
            depth = len(following) - len(body)
            if body and depth <= indent and not body.startswith((")", "]", "}")):
                break
            block.append(following[indent:] if depth >= indent else body)
            index += 1
        kept.extend(block)
    return "\n".join(kept) + "\n"


class Command(BaseCommand):
    help = _("Đưa mọi chuỗi giao diện cổng thông tin vào danh mục dịch của từng ngôn ngữ dân tộc thiểu số.")

    def handle(self, *args, **options):
        with tempfile.TemporaryDirectory() as work:
            pot = Path(work) / "chrome.pot"
            self._extract(Path(work), pot)
            for code, name in chrome.minority_languages():
                self._merge(pot, code, name)
        call_command("compilemessages", locale=[code for code, _name in chrome.minority_languages()], verbosity=0)
        for status in chrome.catalog_statuses():
            self.stdout.write(
                _("%(name)s (%(code)s): %(translated)d/%(total)d chuỗi đã dịch")
                % {"name": status.name, "code": status.code, "translated": status.translated, "total": status.total}
            )

    def _extract(self, work: Path, pot: Path) -> None:
        inputs = []
        for number, path in enumerate(chrome.chrome_files()):
            relative = path.relative_to(chrome.PROJECT_DIR).as_posix()
            source = path.read_text(encoding="utf-8")
            if path.suffix == ".html":
                source = templatize(source, origin=relative)
            elif relative in chrome.CHROME_PYTHON_PARTS:
                source = python_parts(source, chrome.CHROME_PYTHON_PARTS[relative])
            target = work / f"{number:03d}.py"
            target.write_text(source, encoding="utf-8")
            inputs.append(str(target))
        args = ["xgettext", "--language=Python", "--from-code=UTF-8", "--no-location", "--sort-output", "--no-wrap"]
        args += [*KEYWORDS, "--output", str(pot), *inputs]
        try:
            subprocess.run(args, check=True, capture_output=True, text=True)  # noqa: S603 -- fixed program, our files
        except FileNotFoundError as error:
            raise CommandError(_("Cần GNU gettext (xgettext, msgmerge): cài gói Debian 'gettext'.")) from error

    def _merge(self, pot: Path, code: str, name: str) -> None:
        catalog = chrome.catalog_path(code)
        catalog.parent.mkdir(parents=True, exist_ok=True)
        before = catalog.read_text(encoding="utf-8") if catalog.exists() else ""
        if not before or not chrome.catalog_counts(catalog)[0]:
            # A new or still empty catalogue gets the header that says how it is kept.
            catalog.write_text(HEADER.format(code=code, name=name), encoding="utf-8")
        merge = ["msgmerge", "--quiet", "--no-fuzzy-matching", "--no-wrap", "--sort-output", str(catalog), str(pot)]
        merged = subprocess.run(  # noqa: S603 -- fixed program, our files
            merge,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        # No dates in the header: a second run must change nothing.
        dated = ('"POT-Creation-Date:', '"Report-Msgid-Bugs-To:')
        merged = "\n".join(line for line in merged.splitlines() if not line.startswith(dated))
        # Strings no longer in the chrome are dropped, not kept as obsolete entries: the count stays the chrome's.
        merged = "\n\n".join(block for block in merged.split("\n\n") if not block.lstrip().startswith("#~")).rstrip()
        if merged + "\n" != before:
            catalog.write_text(merged + "\n", encoding="utf-8")
