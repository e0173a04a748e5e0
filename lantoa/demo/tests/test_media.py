"""Demo lead images carry no text: words baked into a picture stay Vietnamese in every language."""

import io

from PIL import Image

from lantoa.demo.media import lead_image_jpeg


def test_a_demo_lead_image_has_no_lettering_only_a_gradient_and_soft_shapes():
    image = Image.open(io.BytesIO(lead_image_jpeg("Hội nghị đối thoại chính sách BHXH tự nguyện", colour=2)))
    assert image.size == (960, 540)
    # Lettering was drawn in white; the translucent shapes never come near it.
    brightest = max(min(pixel) for pixel in image.convert("RGB").get_flattened_data())
    assert brightest < 235


def test_each_title_gets_its_own_picture():
    assert lead_image_jpeg("Tin thứ nhất") != lead_image_jpeg("Tin thứ hai")
