"""A RACI grid as one browser widget: a table of <select> cells (fast to build and to use).

One widget instead of one per cell keeps the page light (12 activities x 14 roles would
otherwise be 168 widgets). Labels are set with ``textContent`` (never as HTML). The grid
only proposes values: the view validates every change in the model and reverts refused ones.
"""

from __future__ import annotations

import anywidget
import traitlets

_ESM = """
function render({ model, el }) {
  el.style.overflowX = "auto";
  el.style.maxWidth = "100%";
  const draw = () => {
    el.replaceChildren();
    const rows = model.get("rows"), cols = model.get("columns"), opts = model.get("options");
    const value = model.get("value") || {};
    const table = document.createElement("table");
    table.className = "aw-raci-grid";
    const caption = document.createElement("caption");
    caption.textContent = model.get("caption");
    table.appendChild(caption);
    const head = table.createTHead().insertRow();
    head.appendChild(document.createElement("th"));
    for (const c of cols) {
      const th = document.createElement("th");
      th.scope = "col";
      th.className = "aw-raci-head aw-raci-" + c.partner;
      th.title = c.full;
      const role = document.createElement("div"); role.textContent = c.label;
      const sub = document.createElement("small"); sub.textContent = c.sub;
      th.append(role, sub);
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const r of rows) {
      const tr = body.insertRow();
      const th = document.createElement("th");
      th.scope = "row"; th.textContent = r.label; if (r.hint) th.title = r.hint;
      tr.appendChild(th);
      for (const c of cols) {
        const td = tr.insertCell();
        const sel = document.createElement("select");
        sel.setAttribute("aria-label", r.label + " — " + c.full);
        sel.dataset.row = r.id; sel.dataset.col = c.id;
        for (const [label, v] of opts) {
          const o = document.createElement("option"); o.value = v; o.textContent = label; sel.appendChild(o);
        }
        sel.value = (value[r.id] || {})[c.id] || "";
        if (sel.value) td.className = "aw-raci-" + sel.value;
        sel.addEventListener("change", () => {
          const current = JSON.parse(JSON.stringify(model.get("value") || {}));
          const row = current[r.id] || {};
          if (sel.value) row[c.id] = sel.value; else delete row[c.id];
          current[r.id] = row;
          model.set("value", current);
          model.save_changes();
        });
        td.appendChild(sel);
      }
    }
    el.appendChild(table);
  };
  model.on("change:value", draw);
  model.on("change:rows", draw);
  model.on("change:columns", draw);
  draw();
}
export default { render };
"""


class RaciGrid(anywidget.AnyWidget):
    _esm = _ESM
    rows = traitlets.List(traitlets.Dict()).tag(sync=True)  # [{id, label, hint}]
    columns = traitlets.List(traitlets.Dict()).tag(sync=True)  # [{id, label, sub, full, partner}]
    options = traitlets.List().tag(sync=True)  # [[label, value]]
    caption = traitlets.Unicode("").tag(sync=True)
    value = traitlets.Dict().tag(sync=True)  # activity -> column -> letter
