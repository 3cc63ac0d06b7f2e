"""Render the facilitator guide (Markdown) to HTML pages and, where Chromium exists, a PDF.

The guide exists in English (``facilitator_guide/``) and in Spanish (``facilitator_guide/es/``),
page for page. ``python -m widgets.guide`` (``make guide``) writes both: ``build/guide/en/`` and
``build/guide/es/``, each with one HTML page per chapter (``index.html`` for the README), the
whole guide in one page (``guide-all.html``) and, where Chromium is installed, one PDF
(``facilitator-guide.pdf``). The workshop server renders the same pages on the fly for the
facilitator page's link (``widgets/serving/guide_handler.py``).
"""

from __future__ import annotations

import base64
import html as htmllib
import re
import sys
from pathlib import Path

from widgets.config import project_root

CSS = """body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:900px;margin:24px auto;padding:0 16px;
color:#1d2733;line-height:1.5}h1,h2{color:#16324f}table{border-collapse:collapse}th,td{border:1px solid #d5dde5;
padding:4px 8px}code,pre{background:#f5f8fb}a{color:#2f6fae}img{max-width:100%}.page{page-break-after:always}"""

LANGUAGES = ("en", "es")  # English first: the source every other language follows
TITLES = {"en": "Facilitator guide", "es": "Guía del facilitador"}
PDF_NAME = "facilitator-guide.pdf"
INDEX = "README.md"
SERVE_PATH = "voila/aw-guide/{lang}/{page}"  # under the server's base URL (widgets/serving/guide_handler.py)
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml"}
_HREF = re.compile(r'href="([^"#:]+?)\.md(#[^"]*)?"')
_IMG = re.compile(r'(<img\b[^>]*?\bsrc=")([^":]+)(")')
_H1 = re.compile(r"^#\s+(.+?)\s*$", re.M)


def guide_root() -> Path | None:
    """``facilitator_guide/`` in the source checkout the kit runs from (None when installed without it)."""
    root = project_root()
    folder = root / "facilitator_guide" if root else None
    return folder if folder and (folder / INDEX).is_file() else None


def source_dir(lang: str, root: Path | None = None) -> Path | None:
    """Where the guide's pages in ``lang`` are: the English at the top, each other language in its folder."""
    base = root if root is not None else guide_root()
    if base is None or lang not in LANGUAGES:
        return None
    return base if lang == LANGUAGES[0] else base / lang


def pages(source: Path) -> list[Path]:
    """The guide's chapters, the index first."""
    files = sorted(p for p in source.glob("*.md") if p.name != INDEX)
    return [source / INDEX, *files]


def html_name(page: str | Path) -> str:
    """The HTML file a page renders to: ``index.html`` for the README, ``<stem>.html`` otherwise."""
    stem = Path(page).stem
    return "index.html" if stem == Path(INDEX).stem else f"{stem}.html"


def url(lang: str, server_url: str = "/", page: str = "index.html") -> str:
    """Where the workshop server serves a page of the guide in ``lang`` (English if unknown)."""
    lang = lang if lang in LANGUAGES else LANGUAGES[0]
    base = server_url if server_url.endswith("/") else server_url + "/"
    return base + SERVE_PATH.format(lang=lang, page=page)


def _link(target: str, lang: str) -> str:
    """A link to ``target.md``, as it reads in the rendered pages of ``lang``: every language
    in a folder of its own (``en/``, ``es/``), the README as ``index``."""
    parts = target.split("/")
    if lang == LANGUAGES[0] and len(parts) == 2 and parts[0] in LANGUAGES[1:]:
        parts = ["..", *parts]  # es/page.md from the English pages
    elif lang != LANGUAGES[0] and len(parts) == 2 and parts[0] == "..":
        parts = ["..", LANGUAGES[0], parts[1]]  # ../page.md from another language: the English
    parts[-1] = html_name(parts[-1] + ".md")[: -len(".html")]
    return "/".join(parts)


def _inline_images(body: str, base: Path) -> str:
    """Images the page shows from the repository (``../docs/images/...``) as data URIs, so that
    the HTML, the PDF and the server's pages show them wherever they are opened."""
    root = project_root() or base

    def inline(match: re.Match) -> str:
        src = htmllib.unescape(match.group(2))
        path = (base / src).resolve()
        kind = IMAGE_TYPES.get(path.suffix.lower())
        if kind is None or not path.is_file() or not path.is_relative_to(root.resolve()):
            return match.group(0)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"{match.group(1)}data:{kind};base64,{data}{match.group(3)}"

    return _IMG.sub(inline, body)


def to_html(text: str, lang: str = "en", base: Path | None = None) -> str:
    """One page's body: Markdown with tables and code blocks, links to other pages as ``.html``;
    with ``base`` (the page's folder), the images it shows inlined."""
    import markdown  # here, not at import: the facilitator's kernel asks only for url()

    body = markdown.markdown(text, extensions=["tables", "fenced_code"])
    body = _HREF.sub(lambda m: f'href="{_link(m.group(1), lang)}.html{m.group(2) or ""}"', body)
    return _inline_images(body, base) if base is not None else body


def title(text: str, lang: str) -> str:
    """A page's title: its first heading."""
    found = _H1.search(text)
    return found.group(1).strip() if found else TITLES.get(lang, TITLES["en"])


def document(body: str, page_title: str, lang: str) -> str:
    """A whole HTML page around a rendered body."""
    return (f'<!DOCTYPE html><html lang="{htmllib.escape(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{htmllib.escape(page_title)}</title><style>{CSS}</style></head>"
            f"<body>{body}</body></html>")


def render_page(lang: str, name: str, root: Path | None = None) -> str | None:
    """The page ``name`` (``index.html``, ``agendas.html``...) of the guide in ``lang`` as a whole
    HTML document; None when there is no such language or page."""
    source = source_dir(lang, root)
    if source is None or not source.is_dir():
        return None
    known = {html_name(p): p for p in pages(source) if p.is_file()}
    page = known.get(name)
    if page is None:
        return None
    text = page.read_text(encoding="utf-8")
    return document(to_html(text, lang, base=page.parent), title(text, lang), lang)


def build(source: Path, out: Path, lang: str = "en") -> list[Path]:
    """One language: an HTML page per chapter, the guide in one page and, where Chromium is, a PDF."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    bodies = []
    for page in pages(source):
        text = page.read_text(encoding="utf-8")
        body = to_html(text, lang, base=page.parent)
        bodies.append(f'<div class="page">{body}</div>')
        target = out / html_name(page)
        target.write_text(document(body, title(text, lang), lang), encoding="utf-8")
        written.append(target)
    combined = document("".join(bodies), TITLES.get(lang, TITLES["en"]), lang)
    (out / "guide-all.html").write_text(combined, encoding="utf-8")
    try:
        from widgets.report.pdf import PdfUnavailable, html_to_pdf

        (out / PDF_NAME).write_bytes(html_to_pdf(combined))
        written.append(out / PDF_NAME)
    except PdfUnavailable:
        print(f"PDF skipped ({lang}): no Chromium on this machine", file=sys.stderr)
    return written


def build_all(guide: Path, out: Path) -> list[Path]:
    """Every language of the guide, each in ``out/<lang>/``."""
    written = []
    for lang in LANGUAGES:
        source = source_dir(lang, guide)
        if source is not None and (source / INDEX).is_file():
            written += build(source, out / lang, lang)
    return written


def main() -> int:
    root = project_root()
    if root is None:
        print("The facilitator guide is in the kit's source checkout (facilitator_guide/).", file=sys.stderr)
        return 1
    written = build_all(root / "facilitator_guide", root / "build" / "guide")
    print("\n".join(str(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
