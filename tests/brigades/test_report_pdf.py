"""The monthly report as a PDF (WeasyPrint with Debian's Noto CJK font, installed by `make test`)."""

import re
import zlib
from datetime import date

import pytest
from django.urls import reverse

from brigades.figures import report_views
from brigades.figures.report_pdf import pdf_available
from brigades.figures.rollups import rollup_refresh

from .rollup_metrics import make_enterprise

pytestmark = pytest.mark.django_db


def pdf_objects(content):
    """The PDF's bytes with its compressed streams inflated: WeasyPrint packs the page and font
    dictionaries into compressed object streams."""
    parts = [content]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:  # an image or font stream that is not deflated
            continue
    return b"\n".join(parts)


def test_make_test_installed_what_the_pdf_needs():
    assert pdf_available(), "WeasyPrint or a Chinese font is missing: `make pdf` installs them"


def test_the_report_downloads_as_an_a4_pdf_drawn_in_a_chinese_font(enterprise_metrics, client_for, leader_a, brigade_a):
    make_enterprise(brigade_a, date(2026, 10, 5), risk="high")
    rollup_refresh(None, date(2026, 10, 1), date(2026, 10, 31))
    client = client_for(leader_a)
    page = client.get(reverse("brigades:monthly_report", args=[brigade_a.pk]), {"month": "2026-10"})
    pdf_url = reverse("brigades:monthly_report_pdf", args=[brigade_a.pk]) + "?month=2026-10"
    assert pdf_url in page.content.decode()

    response = client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="report-{brigade_a.code}-2026-10.pdf"'
    assert response.content.startswith(b"%PDF-")
    objects = pdf_objects(response.content)
    # A4 is 595 × 842 points; the Chinese text is drawn in the simplified-Chinese Noto CJK font,
    # embedded as a subset (not in a Latin font, which would print empty boxes).
    assert re.search(rb"/MediaBox\s*\[0 0 595\.\d+ 841\.\d+\]", objects)
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+Noto-Sans-CJK-SC", objects)


def test_another_brigades_report_pdf_is_404(client_for, staff_b, brigade_a):
    response = client_for(staff_b).get(reverse("brigades:monthly_report_pdf", args=[brigade_a.pk]), {"month": "2026-10"})
    assert response.status_code == 404


def test_without_weasyprint_or_a_font_the_pdf_is_not_offered_and_the_link_explains(monkeypatch, client_for, leader_a, brigade_a):
    monkeypatch.setattr(report_views, "pdf_available", lambda: False)
    client = client_for(leader_a)
    page = client.get(reverse("brigades:monthly_report", args=[brigade_a.pk]), {"month": "2026-10"})
    assert 'data-testid="report-pdf"' not in page.content.decode()
    response = client.get(reverse("brigades:monthly_report_pdf", args=[brigade_a.pk]), {"month": "2026-10"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("?month=2026-10")
    assert "PDF 导出不可用" in response.content.decode()
