"""A small browser-side helper: the page's address and the participant's resume token.

* After joining, the page's address is rewritten (``history.replaceState``) to carry
  ``event``, ``team``, ``name`` and ``lang``, so a reload opens the same place. Only under
  Voila: in JupyterLab the address belongs to the lab.
* The resume token the kernel grants at joining is kept in the browser's ``localStorage``
  (one per event). On every page load the bridge reports the tokens it holds, so a reload or
  the same browser resumes the participant, while another browser typing the same name does
  not become them (``widgets.model.identity``). What the browser reports is untrusted and
  is validated in the model. The page joins from a link naming the participant only once the
  bridge has reported; a join made before (a very slow page, with the form) gives way to the
  identity the browser had kept (``WorkshopApp._use_saved_identity``).
* *Leave this computer* (:meth:`BrowserBridge.leave`): the browser forgets the participant's
  resume token for the event and every edit journal of the event (``aw-journal:<event>/…``,
  in localStorage and sessionStorage), then opens the event's join page with nobody's name.
"""

from __future__ import annotations

from urllib.parse import urlencode

import anywidget
import traitlets

STORAGE_KEY = "alliance-workshop-identity"

_ESM = """
const KEY = "__KEY__";
const JOURNAL = "aw-journal:";

function readTokens() {
  try {
    const value = JSON.parse(window.localStorage.getItem(KEY) || "{}");
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch (e) {
    return {};
  }
}

function render({ model, el }) {
  el.style.display = "none";
  const apply = () => {
    const query = model.get("query");
    if (!query || !window.location.pathname.includes("/voila/")) return;
    const url = new URL(window.location.href);
    url.search = query;
    window.history.replaceState(null, "", url.toString());
  };
  const keep = () => {
    const grant = model.get("grant") || {};
    if (!grant.event || !grant.token) return;
    const tokens = readTokens();
    tokens[grant.event] = grant.token;
    try { window.localStorage.setItem(KEY, JSON.stringify(tokens)); } catch (e) { /* private mode */ }
  };
  model.on("change:query", apply);
  model.on("change:grant", keep);
  apply();
  // report what this browser kept before keeping a grant made meanwhile: a page slow to
  // render may have joined without the saved token, and the kernel then switches back to it
  if (!model.get("reported")) {
    model.set("stored", readTokens());
    model.set("reported", true);
    model.save_changes();
  }
  keep();
  model.on("msg:custom", (msg) => {
    if (!msg || msg.type !== "leave" || typeof msg.event !== "string" || !msg.event) return;
    const tokens = readTokens();
    delete tokens[msg.event];
    for (const storage of [window.localStorage, window.sessionStorage]) {
      try {
        if (storage === window.localStorage) {
          if (Object.keys(tokens).length) storage.setItem(KEY, JSON.stringify(tokens)); else storage.removeItem(KEY);
        }
        const prefix = JOURNAL + msg.event + "/";
        for (let i = storage.length - 1; i >= 0; i--) {
          const name = storage.key(i);
          if (name && name.startsWith(prefix)) storage.removeItem(name);
        }
      } catch (e) { /* storage blocked: nothing was kept there either */ }
    }
    if (window.location.pathname.includes("/voila/")) {
      const url = new URL(window.location.href);
      url.search = String(msg.query || "");
      window.location.replace(url.toString());  // the join page, with nobody's name in it
    }
  });
}
export default { render };
""".replace("__KEY__", STORAGE_KEY)


class BrowserBridge(anywidget.AnyWidget):
    _esm = _ESM
    query = traitlets.Unicode("").tag(sync=True)
    grant = traitlets.Dict().tag(sync=True)  # kernel -> browser: {"event": code, "token": secret}
    stored = traitlets.Dict().tag(sync=True)  # browser -> kernel: {code: token} (untrusted)
    reported = traitlets.Bool(False).tag(sync=True)

    def set_identity(self, event: str, team: str, name: str, lang: str) -> None:
        self.query = urlencode({"event": event, "team": team, "name": name, "lang": lang})

    def keep_token(self, event: str, token: str) -> None:
        self.grant = {"event": event, "token": token}

    def leave(self, event: str, lang: str) -> None:
        """Forget this participant in this browser and open the event's join page."""
        self.grant = {}
        self.query = ""
        self.send({"type": "leave", "event": event, "query": urlencode({"event": event, "lang": lang})})
