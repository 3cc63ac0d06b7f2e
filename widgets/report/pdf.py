"""PDF through headless Chromium, where a Chromium is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class PdfUnavailable(RuntimeError):
    """No headless browser on this machine (or it failed)."""


def browser() -> str | None:
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def html_to_pdf(html: str, timeout: float = 120) -> bytes:
    exe = browser()
    if exe is None:
        raise PdfUnavailable("no chromium")
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "charter.html", Path(tmp) / "charter.pdf"
        src.write_text(html, encoding="utf-8")
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
               "--disable-background-networking", "--no-pdf-header-footer", "--virtual-time-budget=8000",
               f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", src.as_uri()]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)  # noqa: S603
        except (subprocess.SubprocessError, OSError) as exc:
            raise PdfUnavailable(str(exc)) from None
        if not out.exists() or out.stat().st_size == 0:
            raise PdfUnavailable("no output")
        return out.read_bytes()
