"""PDF of the documents through LibreOffice, and page 1 of each rendered to PNG (poppler's
pdftoppm) under tests/artifacts/documents/ to look at.

``make test`` installs LibreOffice and poppler when they are missing; without them these tests
cannot say anything about the PDF, so they are skipped with that reason (the .docx tests in
test_documents.py still run).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from minutes.demo import load_demo
from minutes.documents.pdf import PdfFailed, PdfUnavailable, to_pdf
from minutes.extensions import db
from minutes.models import Conference
from tests.support import login

ARTIFACTS = Path(__file__).parent / "artifacts" / "documents"
needs_office = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice and poppler are not installed (make test installs them)",
)


def _page_one(pdf: bytes, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(source),
            str(ARTIFACTS / name),
        ],
        check=True,
        timeout=60,
    )
    return ARTIFACTS / f"{name}.png"


@needs_office
def test_every_demo_document_converts_to_pdf(client, app):
    load_demo()
    login(client, "thuky", "minutes-demo")
    for conference in db.session.scalars(db.select(Conference).order_by(Conference.id)):
        for kind in ("notice", "minutes"):
            response = client.get(f"/conferences/{conference.id}/documents/{kind}.pdf")
            assert response.status_code == 200, (
                conference.title,
                kind,
                response.get_data(as_text=True)[:300],
            )
            assert response.mimetype == "application/pdf"
            assert response.data.startswith(b"%PDF")
            png = _page_one(response.data, f"{conference.external_uid.split(':')[1]}-{kind}")
            assert png.stat().st_size > 10_000, "page 1 has something on it"
            if conference.is_published:
                again = client.get(f"/conferences/{conference.id}/documents/{kind}.pdf")
                assert again.data == response.data, "an issued PDF is made once and kept"


def test_without_libreoffice_the_pdf_link_says_how_to_enable_it(client, app, users):
    app.config["SOFFICE"] = "/nonexistent/soffice"
    conference = Conference(title="Hội nghị giao ban", kind="review", organiser_name="Thành ủy Hải Phòng")
    db.session.add(conference)
    db.session.commit()
    login(client, "thuky")
    # thuky's scope is the city; an organiser-less draft belongs to the top of the tree.
    conference.organiser_id = users["secretariat"].organisation_id
    db.session.commit()
    page = client.get(f"/conferences/{conference.id}/documents").get_data(as_text=True)
    assert "libreoffice-writer-nogui" in page
    response = client.get(f"/conferences/{conference.id}/documents/notice.pdf")
    assert response.status_code == 503
    assert "libreoffice-writer-nogui" in response.get_data(as_text=True)
    assert client.get(f"/conferences/{conference.id}/documents/notice.docx").status_code == 200


def test_a_conversion_that_hangs_is_stopped(tmp_path):
    slow = tmp_path / "soffice"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(0o755)
    with pytest.raises(PdfFailed, match="more than"):
        to_pdf(b"PK", str(slow), timeout=0.5)
    with pytest.raises(PdfUnavailable):
        to_pdf(b"PK", str(tmp_path / "absent"))
