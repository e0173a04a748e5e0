"""StreamField blocks for article and page bodies."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "blockquote"]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Trích dẫn"))
    source = blocks.CharBlock(label=_("Nguồn"), required=False)

    class Meta:
        icon = "openquote"
        template = "content/blocks/quote.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Đoạn văn"), features=RICH_TEXT_FEATURES)
    # ImageBlock asks for alt text (or an explicit "decorative" choice) in the editor.
    image = ImageBlock(label=_("Ảnh"))
    quote = QuoteBlock(label=_("Trích dẫn"))
    document = DocumentChooserBlock(label=_("Tài liệu"), template="content/blocks/document.html")
    embed = EmbedBlock(label=_("Video, bài đăng nhúng"), required=False)
