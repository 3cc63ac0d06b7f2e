"""A small browser-side helper: keeps the page URL in step with the participant's identity.

After joining through the form, the page's address is rewritten (``history.replaceState``)
to carry ``event``, ``team``, ``name`` and ``lang``, so a reload resumes the same
participant. Only under Voila: in JupyterLab the address belongs to the lab.
"""

from __future__ import annotations

from urllib.parse import urlencode

import anywidget
import traitlets

_ESM = """
function render({ model, el }) {
  el.style.display = "none";
  const apply = () => {
    const query = model.get("query");
    if (!query || !window.location.pathname.includes("/voila/")) return;
    const url = new URL(window.location.href);
    url.search = query;
    window.history.replaceState(null, "", url.toString());
  };
  model.on("change:query", apply);
  apply();
}
export default { render };
"""


class BrowserBridge(anywidget.AnyWidget):
    _esm = _ESM
    query = traitlets.Unicode("").tag(sync=True)

    def set_identity(self, event: str, team: str, name: str, lang: str) -> None:
        self.query = urlencode({"event": event, "team": team, "name": name, "lang": lang})
