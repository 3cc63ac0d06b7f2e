"""Findings (what the team should look at next) as a list of messages."""

from __future__ import annotations

from widgets import safe
from widgets.i18n import Translator

ICONS = {"ok": "✓", "warn": "⚠", "info": "ℹ", "bad": "✗"}


def findings_html(tr: Translator, findings) -> str:
    """Each finding translated from ``finding.<code>`` and shown with its level."""
    items = [
        safe.html('<li class="aw-finding aw-finding-{level}"><span aria-hidden="true">{icon}</span> {text}</li>',
                  level=f.level, icon=ICONS.get(f.level, "•"), text=tr(f"finding.{f.code}", **f.params))
        for f in findings
    ]
    if not items:
        return ""
    return safe.html('<ul class="aw-findings" aria-label="{label}">{items}</ul>',
                     label=tr("findings.label"), items=safe.join(items))


def _level(check) -> str:
    """ok, warn, or info for a check with nothing to judge yet (its ``none`` variant)."""
    if getattr(check, "variant", "") == "none":
        return "info"
    return "ok" if check.ok else "warn"


def checks_html(tr: Translator, checks) -> str:
    """Model checks (``code``, ``ok``, ``params``) as findings: ``finding.<code>.ok`` / ``.fail``
    (or the check's variant); a check with nothing to judge yet is shown as information."""
    items = [
        safe.html('<li class="aw-finding aw-finding-{level}"><span aria-hidden="true">{icon}</span> {text}</li>',
                  level=_level(c), icon=ICONS[_level(c)],
                  text=tr(getattr(c, "message", None) or f"finding.{c.code}.{'ok' if c.ok else 'fail'}", **c.params))
        for c in checks
    ]
    if not items:
        return ""
    return safe.html('<ul class="aw-findings" aria-label="{label}">{items}</ul>',
                     label=tr("findings.checks_label"), items=safe.join(items))
