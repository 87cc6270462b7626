"""The monthly report as a PDF, drawn by WeasyPrint from its own HTML page.

WeasyPrint needs Pango (a system library) and a Chinese font (Debian's fonts-noto-cjk); `make`
installs both where it can. Where either is missing the PDF is not offered, rather than printed
with empty boxes for every Chinese character: `pdf_available()` says which.
"""

import functools
import logging
import shutil
import subprocess

logger = logging.getLogger(__name__)


@functools.cache
def pdf_available():
    """WeasyPrint loads (it opens Pango when imported) and fontconfig knows a Chinese font.
    Checked once per process: neither changes while the server runs."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        logger.warning("report PDF unavailable: WeasyPrint does not load (%s)", error)
        return False
    fc_list = shutil.which("fc-list")
    if not fc_list:
        logger.warning("report PDF unavailable: fontconfig's fc-list is missing")
        return False
    fonts = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    if not fonts.strip():
        logger.warning("report PDF unavailable: no Chinese font (install fonts-noto-cjk)")
        return False
    return True


def html_to_pdf(html):
    """PDF bytes of a self-contained HTML page. Nothing is fetched: the page carries its own
    styles, and a report must not make the server open URLs (only data: URLs are allowed)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
