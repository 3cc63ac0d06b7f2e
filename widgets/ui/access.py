"""What a page adds for keyboards and screen readers, in the browser (``js/access.js``).

ipywidgets draws a slider's handle apart from its label, so each handle is named after its
widget's label and tooltip; a region that scrolls gets a tab stop and a name; when the step
changes, focus goes to the step's heading; elements with the class ``aw-live`` announce their
changes politely. One per page (the workshop and the facilitator's dashboard); it has no state.
"""

from __future__ import annotations

from pathlib import Path

import anywidget


class PageAccess(anywidget.AnyWidget):
    _esm = Path(__file__).with_name("js") / "access.js"
