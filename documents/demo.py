"""The demo's documents: a tenancy agreement and a signed consent form for
a few members, a photo for one, and each volunteer's DBS certificate. The
files are made here (one-page PDFs and a small picture drawn with Pillow),
so nothing binary is kept in the code, and they go through the same upload
service and checks as a real file."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from documents.registry import attachable
from documents.services import document_upload
from documents.uploads import Received
from keyring_net.actors import Actor


def one_page_pdf(*lines: str) -> bytes:
    page = Image.new("RGB", (595, 842), "white")
    draw = ImageDraw.Draw(page)
    for number, line in enumerate(lines):
        draw.text((60, 80 + number * 28), line, fill="black")
    out = io.BytesIO()
    page.save(out, "PDF", resolution=72)
    return out.getvalue()


def small_photo() -> bytes:
    picture = Image.new("RGB", (160, 120), (70, 130, 180))
    ImageDraw.Draw(picture).ellipse((50, 30, 110, 90), fill=(250, 220, 120))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def _keep(actor, kind, row, title, category, name, data) -> None:
    entry = attachable(kind)
    if entry is None:
        return
    document_upload(
        actor=actor,
        entry=entry,
        row=row,
        title=title,
        category=category,
        received=Received(file=SimpleUploadedFile(name, data), name=name),
    )


def seed_documents(organisation, staff, members, profiles) -> None:
    """``members``: the demo's members; ``profiles``: volunteers' profiles
    (rows, or a dict of them). Uploaded by the support manager."""
    actor = Actor.for_user(staff.manager, organisation.pk)
    for member in list(members)[:3]:
        _keep(
            actor,
            "member",
            member,
            "Tenancy agreement",
            "tenancy",
            "tenancy-agreement.pdf",
            one_page_pdf("Assured shorthold tenancy agreement", f"Tenant: {member.full_name}"),
        )
        _keep(
            actor,
            "member",
            member,
            "Consent to share information",
            "consent",
            "consent-form.pdf",
            one_page_pdf("Consent to share information", f"Signed by {member.full_name}"),
        )
    if members:
        _keep(
            actor,
            "member",
            next(iter(members)),
            "Photo at the allotment",
            "photo",
            "allotment.png",
            small_photo(),
        )
    rows = profiles.values() if isinstance(profiles, dict) else profiles
    for profile in list(rows)[:3]:
        _keep(
            actor,
            "volunteer",
            profile,
            "DBS certificate (enhanced)",
            "dbs",
            "dbs-certificate.pdf",
            one_page_pdf(
                "Disclosure and Barring Service", f"Certificate for {profile.user.full_name}"
            ),
        )
