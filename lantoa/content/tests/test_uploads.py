import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image

from lantoa.content.permissions import unit_collection
from lantoa.content.uploads import content_matches_extension
from lantoa.units.roles import Role

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def docx_bytes(folder: str = "word/") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def author(client, site, units, make_staff):
    user = make_staff(units["hanoi"], Role.AUTHOR)
    client.force_login(user)
    return user


@pytest.fixture
def collection(units, author):
    return unit_collection(units["hanoi"])


def add_document(client, collection, name: str, data: bytes, title: str = "Hướng dẫn"):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(
        reverse("wagtaildocs:add"), {"title": title, "file": upload, "collection": collection.pk, "tags": ""}
    )


def file_errors(response) -> str:
    assert response.status_code == 200, "the form should be shown again with its errors"
    return " ".join(response.context["form"].errors.get("file", []))


def test_author_uploads_a_valid_pdf(client, collection):
    response = add_document(client, collection, "huong-dan.pdf", PDF)
    assert response.status_code == 302
    document = Document.objects.get(title="Hướng dẫn")
    assert document.collection == collection
    with document.file.open() as stored:
        assert stored.read() == PDF


def test_renamed_program_is_refused_as_pdf(client, collection):
    errors = file_errors(add_document(client, collection, "huong-dan.pdf", EXE))
    assert "Nội dung tệp không đúng với đuôi “.pdf”" in errors
    assert not Document.objects.exists()


def test_disallowed_extension_is_refused_in_vietnamese_only(client, collection):
    errors = file_errors(add_document(client, collection, "cai-dat.exe", EXE))
    assert errors.startswith("Không nhận tệp “.exe”")
    assert "not allowed" not in errors
    assert not Document.objects.exists()


def test_oversized_document_is_refused(client, collection, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    errors = file_errors(add_document(client, collection, "lon.pdf", PDF + b"0" * 2048))
    assert "Tệp quá lớn" in errors
    assert not Document.objects.exists()


def test_refused_replacement_keeps_the_existing_document(client, collection):
    add_document(client, collection, "ban-dau.pdf", PDF, title="Bản gốc")
    document = Document.objects.get(title="Bản gốc")
    original_name = document.file.name
    response = client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": "Bản đã sửa",
            "file": SimpleUploadedFile("ban-moi.pdf", EXE),
            "collection": collection.pk,
            "tags": "",
        },
    )
    assert "Nội dung tệp không đúng" in file_errors(response)
    document.refresh_from_db()
    assert (document.title, document.file.name) == ("Bản gốc", original_name)
    with document.file.open() as stored:
        assert stored.read() == PDF


def test_an_image_too_large_is_refused_in_vietnamese(client, collection, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
        b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Ảnh",
            "file": SimpleUploadedFile("anh.png", png + b"\x00" * 200, content_type="image/png"),
            "collection": collection.pk,
            "tags": "",
        },
    )
    assert "Tệp quá lớn" in file_errors(response)
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    ("extension", "data", "matches"),
    [
        ("pdf", PDF, True),
        ("pdf", EXE, False),
        ("docx", docx_bytes(), True),
        ("docx", docx_bytes("xl/"), False),
        ("docx", b"PK\x03\x04 not really a zip", False),
        ("xlsx", docx_bytes("xl/"), True),
        ("doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, True),
        ("doc", PDF, False),
        ("csv", "Tỉnh;Số người\nHà Nội;12\n".encode(), True),
        ("txt", EXE, False),
        ("csv", PDF, False),
    ],
)
def test_content_must_match_its_extension(extension, data, matches):
    assert content_matches_extension(io.BytesIO(data), extension) is matches
