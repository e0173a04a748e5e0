"""The still picture of a bulletin's video: what Facebook, Zalo, YouTube and TikTok show while the audio plays.

Social platforms take video, not audio, so the task worker pairs the bulletin's sound with this card (1280×720
JPEG): the kind of programme, the bulletin's title, the unit and the date, in the portal's colours. Drawn with
Pillow (Wagtail's own image library) in a font with Vietnamese diacritics (Debian's DejaVu, installed with the
PDF reports' fonts); without one, Pillow's built-in font.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

SIZE = (1280, 720)
BRAND = (11, 79, 138)  # --brand of the portal's stylesheet
BRAND_DARK = (8, 58, 102)
ACCENT = (255, 196, 0)
WHITE = (255, 255, 255)
MARGIN = 80
MAX_TITLE_LINES = 4

# Bold, then regular: the first that exists is used.
FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
)
REGULAR_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
)


def _font(candidates: tuple[str, ...], size: int):
    configured = getattr(settings, "LANTOA_BULLETIN_CARD_FONT", "")
    for path in (configured, *candidates) if configured else candidates:
        if path and Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, max_lines: int) -> list[str]:
    """Lines of `text` within `width` pixels, broken between words; the last line ends with "…" if cut."""
    lines: list[str] = []
    line = ""
    words = text.split()
    for index, word in enumerate(words):
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
            continue
        lines.append(line)
        line = word
        if len(lines) == max_lines:
            rest = " ".join(words[index:])
            last = lines[-1]
            while last and draw.textlength(f"{last}…", font=font) > width:
                last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
            lines[-1] = f"{last}…" if rest else last
            return lines
    if line:
        lines.append(line)
    return lines


def render(*, title: str, unit, date, language: str = "vi") -> bytes:
    """The card as JPEG bytes (about 40 KB): small enough for Zalo's 1 MB cover limit."""
    image = Image.new("RGB", SIZE, BRAND)
    draw = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    draw.rectangle([(0, SIZE[1] - 120), SIZE], fill=BRAND_DARK)
    draw.rectangle([(MARGIN, 96), (MARGIN + 120, 104)], fill=ACCENT)
    with translation.override(language):
        kicker = _("BẢN TIN TRUYỀN THANH")
        when = formats.date_format(date, "SHORT_DATE_FORMAT") if date else ""
        unit_name = unit.office_name if unit is not None else ""
    draw.text((MARGIN, 126), kicker, font=_font(FONTS, 34), fill=ACCENT)
    title_font = _font(FONTS, 60)
    y = 200
    for line in _wrap(draw, title, title_font, width, MAX_TITLE_LINES):
        draw.text((MARGIN, y), line, font=title_font, fill=WHITE)
        y += 76
    footer = " · ".join(filter(None, [unit_name, when]))
    footer_font = _font(REGULAR_FONTS, 32)
    lines = _wrap(draw, footer, footer_font, width, 1)
    draw.text((MARGIN, SIZE[1] - 82), lines[0] if lines else "", font=footer_font, fill=WHITE)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()
