"""A small anywidget that draws a plotly figure's JSON with plotly.js, updated in place.

plotly's own ``FigureWidget`` costs about 55 MB per kernel and, under live updates, blanked
charts in the browser (``gd.data must be an array``). This widget only carries the figure
as JSON; the browser draws it with ``Plotly.react``, which updates the same chart in place.

plotly.js comes from the workshop server (``ALLIANCE_ASSETS_URL``, set by ``serve``) and,
where no such server is (JupyterLab, plain Voila), from the kernel in one message per page.
Nothing is loaded from outside the server.
"""

from __future__ import annotations

import json
from pathlib import Path

import anywidget
import traitlets

from widgets.config import config

_ESM = r"""
let loading = null;

function evaluate(source) {
  // plotly.min.js is a UMD bundle: give it a CommonJS module and no AMD loader
  const module = { exports: {} };
  new Function("module", "exports", "define", source)(module, module.exports, undefined);
  return module.exports;
}

function baseUrl() {
  const config = document.getElementById("jupyter-config-data");
  try {
    const url = config ? JSON.parse(config.textContent).baseUrl : null;
    if (url) return url.endsWith("/") ? url : url + "/";
  } catch (e) { /* fall through */ }
  return "/";
}

function fromKernel(model) {
  return new Promise((resolve, reject) => {
    const onMessage = (msg) => {
      if (!msg || msg.type !== "plotly-source") return;
      model.off("msg:custom", onMessage);
      if (msg.source) resolve(evaluate(msg.source)); else reject(new Error("no plotly.js"));
    };
    model.on("msg:custom", onMessage);
    model.send({ type: "plotly-source" });
  });
}

async function load(model) {
  const library = model.get("library");
  if (library) {
    try {
      const response = await fetch(baseUrl() + library, { credentials: "same-origin" });
      if (response.ok) return evaluate(await response.text());
    } catch (e) { /* ask the kernel instead */ }
  }
  return fromKernel(model);
}

function plotly(model) {
  if (window.__awPlotly) return Promise.resolve(window.__awPlotly);
  if (!loading) {
    loading = load(model).then((lib) => { window.__awPlotly = lib; return lib; });
    loading.catch(() => { loading = null; });  // the next chart (or the retry below) tries again
  }
  return loading;
}

const CONFIG = { displaylogo: false, responsive: true,
                 modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"] };
const RETRY_MS = [500, 1000, 2000, 4000, 8000];  // then every 8 s: a chart never gives up

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function render({ model, el }) {
  const div = document.createElement("div");
  div.className = "aw-plot";
  div.setAttribute("role", "figure");  // not "img": the chart holds controls (zoom, legend) a keyboard reaches
  el.appendChild(div);
  // One draw at a time, in order, and only once plotly.js is there and the chart is in the page:
  // a figure that arrives meanwhile waits (the latest one is drawn), and nothing touches the
  // chart after it is removed (plotly's "_redrawFromAutoMarginCount" of a purged chart).
  let alive = true;
  let queued = false;
  let chain = Promise.resolve();
  const ready = (async () => {
    for (let attempt = 0; alive; attempt++) {
      try {
        return await plotly(model);
      } catch (e) {
        await pause(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
      }
    }
    return null;
  })();
  const inPage = async () => {
    while (alive && !div.isConnected) await pause(50);
  };
  const draw = () => {
    if (queued || !alive) return;
    queued = true;
    chain = chain.then(async () => {
      const Plotly = await ready;
      await inPage();
      queued = false;
      if (!alive || !Plotly) return;
      const figure = model.get("figure") || {};
      div.setAttribute("aria-label", model.get("label") || "");
      await Plotly.react(div, figure.data || [], figure.layout || {}, CONFIG);
      div.dataset.draws = String(Number(div.dataset.draws || 0) + 1);  // for tests and support
    }).catch((e) => { queued = false; console.warn("[aw-plot] chart not drawn", e); });
  };
  draw();
  model.on("change:figure", draw);
  return () => {
    alive = false;
    model.off("change:figure", draw);
    chain.then(() => ready).then((Plotly) => { if (Plotly) Plotly.purge(div); });
  };
}

export default { render };
"""


def figure_json(figure) -> dict:
    """A plotly figure as plain JSON (numbers, strings, lists and dicts only)."""
    import plotly.io as pio

    return json.loads(pio.to_json(figure, validate=False, remove_uids=True))


class PlotlyChart(anywidget.AnyWidget):
    """One chart. Set ``figure`` (a figure's JSON) to redraw it in place."""

    _esm = _ESM
    figure = traitlets.Dict().tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    library = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs):
        kwargs.setdefault("library", _library_url())
        super().__init__(**kwargs)
        self.on_msg(self._on_message)

    def _on_message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("type") == "plotly-source":
            self.send({"type": "plotly-source", "source": _plotly_source()})


def _library_url() -> str:
    base = config().assets_url.strip()
    return f"{base}plotly.min.js" if base else ""


def _plotly_source() -> str:
    import plotly

    path = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
    return path.read_text(encoding="utf-8")
