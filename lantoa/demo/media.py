"""Generated media for the demo: lead images, PDF and DOCX attachments, made at load time."""

import io
import textwrap
import zipfile
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw

from lantoa.folding import unaccent

# Colour pairs (top-left, bottom-right) of the gradients; one per policy area, picked by index.
PALETTE = [
    ((0, 84, 147), (0, 150, 199)),
    ((0, 110, 81), (67, 170, 139)),
    ((163, 22, 33), (229, 107, 111)),
    ((94, 53, 177), (149, 117, 205)),
    ((191, 87, 0), (247, 157, 60)),
    ((33, 37, 41), (90, 98, 104)),
    ((0, 95, 115), (10, 147, 150)),
]


def lead_image_jpeg(seed: str, *, colour: int = 0, size: tuple[int, int] = (960, 540)) -> bytes:
    """A JPEG with a diagonal gradient and soft circles placed from `seed`: an illustration without any text.

    Words baked into a picture stay Vietnamese in every language and cannot be read aloud; the article's
    title and the image's alt text carry them instead.
    """
    import hashlib

    width, height = size
    start, end = PALETTE[colour % len(PALETTE)]
    # A small gradient scaled up is much faster than drawing every pixel at full size.
    small = PILImage.new("RGB", (64, 36))
    pixels = small.load()
    for x in range(64):
        for y in range(36):
            t = (x / 63 + y / 35) / 2
            pixels[x, y] = tuple(int(a + (b - a) * t) for a, b in zip(start, end, strict=True))
    image = small.resize(size, PILImage.Resampling.BILINEAR).convert("RGBA")
    overlay = PILImage.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    digest = hashlib.sha256(seed.encode()).digest()
    for index in range(6):
        x = digest[3 * index] * width // 255
        y = digest[3 * index + 1] * height // 255
        radius = height // 16 + digest[3 * index + 2] * height // 1200
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(255, 255, 255, 40 + 8 * index))
    image = PILImage.alpha_composite(image, overlay).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=78)
    return out.getvalue()


def wagtail_image(*, title: str, colour: int, collection, filename: str):
    """A saved Wagtail image in `collection` made from a generated lead image (no text in the picture)."""
    from wagtail.images import get_image_model

    data = lead_image_jpeg(title, colour=colour)
    image = get_image_model()(title=title[:255], collection=collection)
    image.file = ImageFile(io.BytesIO(data), name=filename)
    image.save()
    return image


def _pdf_text(text: str) -> str:
    # The base-14 Helvetica has no Vietnamese glyphs: keep the ASCII letters, which stay readable.
    plain = "".join(c for c in unaccent(text) if ord(c) < 128)
    return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A small valid one-page PDF 1.4 with the title and some lines of text."""
    wrapped = [title, ""] + [part for line in lines for part in (textwrap.wrap(line, 90) or [""])]
    ops = ["BT", "/F1 11 Tf", "14 TL", "50 790 Td"]
    for i, line in enumerate(wrapped[:50]):
        ops.append(f"({_pdf_text(line)}) Tj T*" if i else f"/F1 14 Tf ({_pdf_text(line)}) Tj T* /F1 11 Tf")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


_DOCX_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
_DOCX_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""


def docx_bytes(title: str, paragraphs: list[str]) -> bytes:
    """A minimal valid DOCX (a zip of three XML parts) with a bold title and paragraphs, Vietnamese intact."""

    def para(text: str, bold: bool = False) -> str:
        props = "<w:rPr><w:b/></w:rPr>" if bold else ""
        return f'<w:p><w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'

    body = para(title, bold=True) + "".join(para(p) for p in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_CONTENT_TYPES)
        archive.writestr("_rels/.rels", _DOCX_RELS)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def wagtail_document(*, title: str, data: bytes, filename: str, collection):
    """A saved Wagtail document in `collection` holding `data`."""
    from wagtail.documents import get_document_model

    document = get_document_model()(title=title[:255], collection=collection)
    document.file = ContentFile(data, name=filename)
    document.save()
    return document
