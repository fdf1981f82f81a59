"""StreamField blocks: free composition for editors, structured JSON for the API."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

# Renditions offered to API clients (the templates build their own srcset).
API_RENDITIONS = {"small": "width-480", "medium": "width-960", "large": "width-1440"}


def rendition_urls(image):
    """{name: {url, width, height}} for an image, in the API's rendition sizes."""
    renditions = image.get_renditions(*API_RENDITIONS.values())
    return {
        name: {"url": r.url, "width": r.width, "height": r.height}
        for name, r in zip(API_RENDITIONS, renditions.values(), strict=True)
    }


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Text alternative"),
        required=False,
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it. Leave empty if it is decorative."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/figure.html"

    def get_api_representation(self, value, context=None):
        image = value["image"]
        if image is None:
            return None
        return {
            "image": image.pk,
            "alt": value["alt"],
            "caption": value["caption"],
            "renditions": rendition_urls(image),
        }


class NoticeBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        label = _("Notice")
        template = "cms/blocks/notice.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(label=_("Link text"), required=False, max_length=160)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "cms/blocks/document_link.html"

    def get_api_representation(self, value, context=None):
        document = value["document"]
        if document is None:
            return None
        return {"document": document.pk, "label": value["label"] or document.title, "url": document.url}


class BodyBlock(blocks.StreamBlock):
    """What editors compose pages with."""

    heading = blocks.CharBlock(
        label=_("Heading"), form_classname="title", max_length=160, template="cms/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]
    )
    figure = FigureBlock()
    notice = NoticeBlock()
    document = DocumentLinkBlock()


class DocumentToBringBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Document"), max_length=200)
    details = blocks.TextBlock(label=_("Details"), required=False)
    required = blocks.BooleanBlock(label=_("Required"), required=False, default=True)

    class Meta:
        icon = "doc-full"
        label = _("Document to bring")


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"), max_length=200)
    text = blocks.TextBlock(label=_("What to do"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Step")


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=300)
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "ol", "ul", "link"])

    class Meta:
        icon = "help"
        label = _("Question")


class ThemeBlock(blocks.StructBlock):
    theme = blocks.CharBlock(label=_("Theme"), max_length=160)
    questions = blocks.ListBlock(QuestionBlock(), label=_("Questions"))

    class Meta:
        icon = "folder-open-inverse"
        label = _("Theme")
