"""alliance-workshop print: the printed pack of a case, and clear refusals."""

from __future__ import annotations

import pytest

from widgets.cli import main
from widgets.report import pack
from widgets.report.pdf import browser


def test_print_writes_the_html_pack_and_says_so_without_chromium(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pack, "browser", lambda: None)
    out = tmp_path / "packs" / "bank-es.pdf"
    assert main(["print", "--case", "bank-fintech", "--lang", "es", "--out", str(out)]) == 0
    written = tmp_path / "packs" / "bank-es.html"  # not a PDF: the name says what it is
    assert written.is_file() and not out.exists()
    page = written.read_text(encoding="utf-8")
    assert '<html lang="es">' in page and "Paquete impreso" in page
    captured = capsys.readouterr()
    assert "No Chromium on this machine" in captured.err and str(written) in captured.err
    assert str(written) in captured.out


@pytest.mark.skipif(browser() is None, reason="no Chromium on this machine")
def test_print_writes_a_pdf_named_after_the_case_and_language(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["print", "--case", "medtech-distribution", "--lang", "en"]) == 0
    out = tmp_path / "alliance-printed-pack-medtech-distribution-en.pdf"
    assert out.read_bytes().startswith(b"%PDF")
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("args", "message"), [
    (["--case", "no-such-case", "--lang", "es"], "there is no case called “no-such-case”. Known cases: bank-fintech"),
    (["--case", "bank-fintech", "--lang", "fr"], "there is no language called “fr”. Choose one of: en, es"),
    (["--case", "../../etc/passwd", "--lang", "en"], "there is no case called"),
])
def test_print_refuses_an_unknown_case_or_language_with_a_clear_message(tmp_path, capsys, args, message):
    out = tmp_path / "pack.pdf"
    assert main(["print", *args, "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert not out.exists() and not out.with_suffix(".html").exists()
