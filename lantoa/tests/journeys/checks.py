"""What every step of every journey asserts, and the screenshot it leaves behind.

A step fails on a response ≥ 400 the journey did not announce, on a server error in the logs, on a serious or
critical axe-core violation, and on a chrome string left in another language where the page's language has a
translation for it. `known_issue("11.1 …")` turns the failures of one block into an xfail naming a point of
issue 11 that another branch fixes; remove the mark once that fix is merged.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "tablet": {"width": 820, "height": 1180},
    "desktop": {"width": 1366, "height": 900},
}
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdfi]|\{[^}]*\}")


@cache
def foreign_strings(language: str) -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    """Source strings that the catalogs of `language` translate: seen as they are, they were left untranslated.

    The same merged catalog the server uses (Django's, Wagtail's and ours, LOCALE_PATHS first). Returns the
    plain strings, and patterns for the strings with placeholders.
    """
    from django.utils.translation import trans_real

    catalog = trans_real.translation(language)._catalog
    plain, patterns = set(), []
    for msgid, msgstr in catalog.items():
        if not isinstance(msgid, str) or not isinstance(msgstr, str) or not msgstr or msgid == msgstr:
            continue
        text = " ".join(msgid.split())
        if len(text) < 4 or not re.search(r"[^\W\d_]{3}", text):
            continue
        if PLACEHOLDER.search(text):
            pieces = PLACEHOLDER.split(text)
            if sum(len(p.strip()) for p in pieces) >= 8:
                patterns.append(re.compile(".+?".join(re.escape(p) for p in pieces) + r"\Z"))
        else:
            plain.add(text)
    return frozenset(plain), tuple(patterns)


# Visible text nodes and labels of the page, with the language each is marked in.
VISIBLE_TEXTS = """() => {
  const lang = (el) => (el.closest("[lang]")?.getAttribute("lang") || "").toLowerCase();
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    if (!text || !el || el.closest("script,style,noscript,template,[hidden],[aria-hidden=true]")) continue;
    if (el.checkVisibility && !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    out.push([text, lang(el)]);
  }
  for (const el of document.querySelectorAll("[placeholder],[aria-label],[title],input[type=submit],img[alt]")) {
    if (el.checkVisibility && !el.checkVisibility()) continue;
    for (const name of ["placeholder", "aria-label", "title", "alt"]) {
      const value = (el.getAttribute(name) || "").replace(/\\s+/g, " ").trim();
      if (value) out.push([value, lang(el)]);
    }
    if (el.matches("input[type=submit]") && el.value) out.push([el.value.trim(), lang(el)]);
  }
  for (const part of document.title.split(/\\s+[·|–—-]\\s+/)) {
    if (part.trim()) out.push([part.trim(), (document.documentElement.lang || "").toLowerCase()]);
  }
  return {lang: (document.documentElement.lang || "").toLowerCase(), texts: out};
}"""


_EDIT_VIEW = re.compile(r"/admin/pages/\d+/edit/$")


def _autosave_refused(response) -> bool:
    """Wagtail's autosave (a JSON POST to the edit view, every half second while a form changes) answered 400
    because a newer revision exists: it races the workflow action that just saved one, and the editor, already
    on the next page, never sees it. Wagtail's designed answer, not a failure of the journey."""
    request = response.request
    return (
        response.status == 400
        and request.method == "POST"
        and "application/json" in (request.headers.get("accept") or "")
        and bool(_EDIT_VIEW.search(response.url.split("?", 1)[0]))
    )


def untranslated_chrome(page) -> tuple[str, list[str]]:
    """(the page's language, the strings on it that its language's catalog translates but the page shows as-is)."""
    found = page.evaluate(VISIBLE_TEXTS)
    language = found["lang"].split("-")[0] or "vi"
    plain, patterns = foreign_strings(language)
    left = []
    for text, marked in found["texts"]:
        if marked and marked.split("-")[0] != language:
            continue  # marked as another language on purpose (the language switcher, a quotation)
        if text in plain or any(p.match(text) for p in patterns):
            left.append(text)
    return language, sorted(set(left))


def serious_axe_violations(page) -> dict[str, str]:
    """Serious and critical axe-core violations of the page: rule id → what and where."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return {
        v["id"]: f"{v['impact']}: {v['id']} ({len(v['nodes'])}×) {v['help']}: "
        + "; ".join(" ".join(n.get("target", [])) for n in v["nodes"][:3])
        for v in violations
        if v.get("impact") in {"serious", "critical"}
    }


def assert_no_native_date_inputs(page) -> None:
    """Chromium draws <input type=date> in the browser's own locale (mm/dd/yyyy), not as dd/mm/yyyy."""
    shown = page.locator("input[type=date]:visible")
    assert shown.count() == 0, f"{shown.count()} date inputs drawn by the browser"


def choose(page, select: str, text: str) -> None:
    """Select the first option of `select` whose label contains `text`."""
    option = page.locator(f"{select} option", has_text=text).first
    page.select_option(select, option.get_attribute("value"))


FINISHED_ANIMATIONS = """() => Promise.all(document.getAnimations()
  .filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
  .map(a => a.finished.catch(() => null)))"""


class KnownIssueHappened(Exception):
    pass


@dataclass
class Journey:
    """One journey: its steps' screenshots and checks, the responses it expects, the known issues it met."""

    name: str
    stack: object
    artifacts: Path
    steps: int = 0
    unexpected: list[str] = field(default_factory=list)
    expected: list[tuple[re.Pattern, int]] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    met: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    _known_now: str | None = None
    _known_responses: list[str] = field(default_factory=list)

    def watch(self, context) -> None:
        """Record every response of this browser context that the journey did not announce."""
        context.on("response", self._on_response)

    def _on_response(self, response) -> None:
        if response.status < 400:
            return
        url = response.url
        if _autosave_refused(response):
            return
        for pattern, status in self.expected:
            if status == response.status and pattern.search(url):
                return
        line = f"{response.status} {response.request.method} {url}"
        if self._known_now:
            self._known_responses.append(line)
        else:
            self.unexpected.append(line)

    @contextlib.contextmanager
    def expecting(self, status: int, url_pattern: str):
        """Within the block, `status` answers for URLs matching `url_pattern` are part of the journey."""
        entry = (re.compile(url_pattern), status)
        self.expected.append(entry)
        try:
            yield
        finally:
            self.expected.remove(entry)

    @contextlib.contextmanager
    def known_issue(self, reason: str):
        """Failures inside the block (assertions, timeouts, unexpected responses, logged server errors) are the
        known point `reason` of issue 11: the journey goes on and ends as xfail naming it."""
        self._known_now = reason
        self._known_responses = []
        failure = None
        try:
            yield
        except (AssertionError, KnownIssueHappened, Exception) as exc:  # Playwright's TimeoutError too
            failure = f"{type(exc).__name__}: {str(exc)[:400]}"
        finally:
            self._known_now = None
        errors = self.stack.new_server_errors()
        details = [*self._known_responses, *errors]
        if failure:
            details.insert(0, failure)
        if details:
            self.met.append(f"{reason} — " + " | ".join(d.splitlines()[0][:300] for d in details))
        self.known.append(reason)

    def step(
        self,
        page,
        label: str,
        *,
        viewport: str,
        known_axe: dict[str, str] | None = None,
        known_chrome: dict[str, str] | None = None,
    ) -> None:
        """Check the page as it is now and save its screenshot as <nn>-<label>-<viewport>.png.

        `known_axe` maps an axe rule id to the point of issue 11 that causes it: that rule's violation on this
        page is a known issue met, not a failure (the other rules still fail the step); `known_chrome` does the
        same for one string left in another language.
        """
        self.steps += 1
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        path = self.artifacts / f"{self.steps:02d}-{slug}-{viewport}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.wait_for_load_state("load")
        # No check half-way through a transition (a message fading in fails the contrast rule).
        page.evaluate(FINISHED_ANIMATIONS)
        page.screenshot(path=str(path), full_page=True)
        problems = []
        if self.unexpected:
            problems.append(f"unexpected responses: {self.unexpected}")
            self.unexpected = []
        errors = self.stack.new_server_errors()
        if errors:
            problems.append("server errors logged:\n" + "\n".join(errors))
        violations = serious_axe_violations(page)
        for rule, reason in (known_axe or {}).items():
            if rule in violations:
                self.met.append(f"{reason} — {violations.pop(rule)[:300]}")
                self.known.append(reason)
        if violations:
            problems.append(f"axe serious/critical: {list(violations.values())}")
        language, left = untranslated_chrome(page)
        for text, reason in (known_chrome or {}).items():
            if text in left:
                left.remove(text)
                self.met.append(f"{reason} — {text!r} on {page.url}")
                self.known.append(reason)
        if left:
            problems.append(f"chrome not in the page's language ({language}): {left}")
        if problems:
            message = f"step {self.steps} '{label}' ({viewport}, {page.url}): " + "\n".join(problems)
            if self._known_now:
                raise KnownIssueHappened(message)
            # The journey goes on, so one run shows every step's problems; finish() fails it with all of them.
            print(f"JOURNEY PROBLEM {self.name} {message}")
            self.problems.append(message)

    def finish(self) -> None:
        """End of the journey: leftovers fail it; known issues met make it an xfail that names them."""
        problems = list(self.problems)
        if self.unexpected:
            problems.append(f"after the last step, unexpected responses: {self.unexpected}")
        errors = self.stack.new_server_errors()
        if errors:
            problems.append("after the last step, server errors logged:\n" + "\n".join(errors))
        assert not problems, f"{self.name}:\n" + "\n\n".join(problems)
        if self.met:
            pytest.xfail("known issues of issue 11 met: " + " ;; ".join(self.met))
