"""Render the facilitator guide (Markdown) to HTML pages and, where Chromium exists, a PDF."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import markdown

from widgets.config import project_root

CSS = """body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:900px;margin:24px auto;padding:0 16px;
color:#1d2733;line-height:1.5}h1,h2{color:#16324f}table{border-collapse:collapse}th,td{border:1px solid #d5dde5;
padding:4px 8px}code,pre{background:#f5f8fb}a{color:#2f6fae}.page{page-break-after:always}"""


def pages(source: Path) -> list[Path]:
    """The guide's chapters, the index first."""
    files = sorted(p for p in source.glob("*.md") if p.name != "README.md")
    return [source / "README.md", *files]


def to_html(text: str) -> str:
    html = markdown.markdown(text, extensions=["tables", "fenced_code"])
    return re.sub(r'href="([^"#:]+)\.md(#[^"]*)?"', r'href="\1.html\2"', html)


def build(source: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    bodies = []
    for page in pages(source):
        body = to_html(page.read_text(encoding="utf-8"))
        bodies.append(f'<div class="page">{body}</div>')
        name = "index.html" if page.name == "README.md" else page.with_suffix(".html").name
        target = out / name
        target.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{page.stem}</title>'
                          f"<style>{CSS}</style></head><body>{body}</body></html>", encoding="utf-8")
        written.append(target)
    combined = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Facilitator guide</title>'
                f"<style>{CSS}</style></head><body>{''.join(bodies)}</body></html>")
    (out / "guide-all.html").write_text(combined, encoding="utf-8")
    try:
        from widgets.report.pdf import PdfUnavailable, html_to_pdf

        (out / "facilitator-guide.pdf").write_bytes(html_to_pdf(combined))
        written.append(out / "facilitator-guide.pdf")
    except PdfUnavailable:
        print("PDF skipped: no Chromium on this machine", file=sys.stderr)
    return written


def main() -> int:
    root = project_root()
    written = build(root / "facilitator_guide", root / "build" / "guide")
    print("\n".join(str(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
