"""Documents: each refusal on the way in (with its plain message, nothing
kept and what was typed kept), the download (its headers, recorded, and a
line in the member's "who has looked at my record"), another organisation's
document and one out of reach (404), and withdrawn documents (hidden, kept)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from PIL import Image

from documents.models import Document, DocumentDownload
from members.models import RecordAccess
from tests.helpers import assert_constant_queries
from tests.routes import OBJECT_KWARGS

world_document = OBJECT_KWARGS["document_id"]

pytestmark = pytest.mark.django_db
BOUNDARY = "keyringboundary"


def small_pdf() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 80), "white").save(out, "PDF")
    return out.getvalue()


def multipart(fields: dict, name: str, data: bytes) -> bytes:
    """A form body written by hand, so the file's name is sent exactly as
    given (Django's test client keeps only its last part)."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def upload(client, world, name: str, data: bytes, title: str = "Tenancy agreement 2026"):
    path = reverse("documents:member-add", kwargs={"member_id": world.member.pk})
    body = multipart({"title": title, "category": "tenancy"}, name, data)
    return client.generic(
        "POST", path, body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )


def count(world) -> int:
    with scopes_disabled():
        return Document.objects.filter(organisation=world.organisation).count()


@pytest.fixture
def manager(client, org_a):
    client.force_login(org_a.users["support_manager"])
    return client


def test_a_support_manager_keeps_a_pdf_and_downloads_it(manager, org_a):
    pdf = small_pdf()
    response = upload(manager, org_a, "tenancy.pdf", pdf)
    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        document = Document.objects.get(organisation=org_a.organisation)
    assert document.content_type == "application/pdf"
    assert document.original_name == "tenancy.pdf"
    assert "tenancy" not in document.stored_name
    page = manager.get(reverse("members:detail", args=[org_a.member.pk]))
    assert "Tenancy agreement 2026" in page.content.decode()

    with scopes_disabled():
        before = RecordAccess.objects.filter(member=org_a.member).count()
    response = manager.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    with scopes_disabled():
        assert DocumentDownload.objects.filter(document=document).count() == 1
        assert RecordAccess.objects.filter(member=org_a.member).count() == before + 1


REFUSALS = [
    ("claims.pdf", b"%PDF-1.7\nnot really a pdf at all", "says it is a PDF, but it is not"),
    ("setup.exe", b"MZ\x90\x00" + b"\x00" * 200, "is a program or a script"),
    ("notes.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "is a program or a script"),
    ("run.txt", b"#!/bin/sh\nrm -rf /\n", "is a program or a script"),
    ("../../etc/passwd.txt", b"hello", "The file's name cannot contain"),
    ("a/b.txt", b"hello", "The file's name cannot contain"),
    ("back\\slash.txt", b"hello", "The file's name cannot contain"),
    ("empty.txt", b"", "The file is empty"),
    ("photo.png", small_pdf(), "but it is a PDF"),
    ("archive.zip", b"PK\x03\x04" + b"\x00" * 100, "This kind of file cannot be kept"),
]


@pytest.mark.parametrize(("name", "data", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_file_that_is_not_allowed_is_refused_in_plain_words(manager, org_a, name, data, message):
    response = upload(manager, org_a, name, data, title="Kept title")
    text = response.content.decode()
    assert response.status_code == 200
    assert message in text.replace("&#x27;", "'")
    assert 'value="Kept title"' in text  # what was typed is kept
    assert count(org_a) == 0


def test_a_50_mb_file_gets_the_plain_message_next_to_the_field(manager, org_a):
    response = upload(manager, org_a, "scan.pdf", b"%PDF-" + b"0" * (50 * 1024 * 1024))
    text = response.content.decode()
    assert response.status_code == 200
    assert "The file is bigger than 20 MB" in text
    assert 'value="Tenancy agreement 2026"' in text
    assert count(org_a) == 0


def test_another_organisations_document_is_not_found(client, org_a, org_b):
    document_id = world_document(org_b)
    client.force_login(org_a.users["support_manager"])
    for name in ("documents:detail", "documents:download", "documents:withdraw"):
        assert client.get(reverse(name, args=[document_id])).status_code == 404
    for name in ("api-document-detail", "api-document-download"):
        assert client.get(reverse(name, args=[document_id])).status_code == 404
    with scopes_disabled():
        assert not DocumentDownload.objects.exists()


def test_a_document_out_of_reach_is_not_found(client, org_a):
    from tests.factories import ClusterFactory, MemberFactory, NetworkFactory

    with scopes_disabled():
        other = NetworkFactory(cluster=ClusterFactory(organisation=org_a.organisation))
        elsewhere = MemberFactory(network=other)
    client.force_login(org_a.users["support_manager"])
    response = upload(client, org_a, "letter.txt", b"A letter.\n")
    assert response.status_code == 302
    with scopes_disabled():
        document = Document.objects.get(organisation=org_a.organisation)
        Document.objects.filter(pk=document.pk).update(attached_id=elsewhere.pk)
    client.force_login(org_a.users["clv"])  # the CLV reaches only their own network
    for name in ("documents:detail", "documents:download", "documents:withdraw"):
        assert client.get(reverse(name, args=[document.pk])).status_code == 404
    assert client.get(reverse("api-document-detail", args=[document.pk])).status_code == 404
    listed = client.get(reverse("api-document-list")).json()
    assert listed["count"] == 0


def test_a_withdrawn_document_is_hidden_but_kept(manager, org_a):
    document_id = world_document(org_a)
    path = reverse("documents:withdraw", args=[document_id])
    refused = manager.post(path, {"reason": ""})
    assert "Say why it is withdrawn." in refused.content.decode()
    manager.post(path, {"reason": "Uploaded to the wrong member"})
    list_path = reverse("documents:member-list", kwargs={"member_id": org_a.member.pk})
    detail = reverse("documents:detail", args=[document_id])
    assert detail not in manager.get(list_path).content.decode()
    api = manager.get(reverse("api-document-list")).json()
    assert api["count"] == 0
    with scopes_disabled():
        kept = Document.objects.get(pk=document_id)
    assert kept.withdrawn_reason == "Uploaded to the wrong member"
    assert kept.withdrawn_by == org_a.users["support_manager"]
    # Still downloadable by those who reach it, for the record.
    assert manager.get(reverse("documents:download", args=[document_id])).status_code == 200


def test_the_api_uploads_checks_and_withdraws(manager, org_a):
    body = multipart(
        {
            "attached_kind": "member",
            "attached_id": org_a.member.pk,
            "title": "Consent",
            "category": "consent",
        },
        "consent.pdf",
        b"%PDF-1.4 nope",
    )
    url = reverse("api-document-list")
    refused = manager.generic(
        "POST", url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )
    assert refused.status_code == 400
    assert "says it is a PDF" in refused.json()["errors"]["file"][0]
    body = multipart(
        {
            "attached_kind": "member",
            "attached_id": org_a.member.pk,
            "title": "Consent",
            "category": "consent",
        },
        "consent.pdf",
        small_pdf(),
    )
    made = manager.generic(
        "POST", url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )
    assert made.status_code == 201, made.content
    document_id = made.json()["id"]
    download = manager.get(reverse("api-document-download", args=[document_id]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    withdrawn = manager.post(
        reverse("api-document-withdraw", args=[document_id]),
        {"reason": "Wrong file"},
        content_type="application/json",
    )
    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["withdrawn_reason"] == "Wrong file"


def test_a_records_documents_list_runs_a_constant_number_of_queries(manager, org_a):
    from django.core.files.storage import storages

    with scopes_disabled():
        stored = storages["documents"].save("x/list", io.BytesIO(b"hi"))

    def make_rows(n):
        with scopes_disabled():
            have = Document.objects.filter(organisation=org_a.organisation).count()
            Document.objects.bulk_create(
                Document(
                    organisation=org_a.organisation,
                    attached_kind="member",
                    attached_id=org_a.member.pk,
                    title=f"Letter {i}",
                    category="letter",
                    original_name="a.txt",
                    stored_name=f"{stored}-{i}",
                    size=2,
                    content_type="text/plain",
                    uploaded_by=org_a.clv,
                )
                for i in range(have, n)
            )

    list_path = reverse("documents:member-list", kwargs={"member_id": org_a.member.pk})

    def fetch():
        assert manager.get(list_path).status_code == 200

    assert_constant_queries(make_rows, fetch)
    assert_constant_queries(make_rows, lambda: manager.get(reverse("api-document-list")))


def test_the_demo_keeps_generated_files_through_the_checks(org_a):
    from documents.demo import seed_documents
    from keyring_net.tenancy import organisation_scope

    class Staff:
        manager = org_a.users["support_manager"]

    with organisation_scope(org_a.organisation):
        seed_documents(org_a.organisation, Staff, [org_a.member], [])
        kept = list(Document.objects.filter(organisation=org_a.organisation))
    assert sorted(d.content_type for d in kept) == ["application/pdf"] * 2 + ["image/png"]
