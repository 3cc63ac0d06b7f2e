// What the page adds for keyboards and screen readers (see widgets/ui/access.py).
//
// ipywidgets' sliders draw their handle (role="slider") apart from their label, so a screen
// reader reads "slider, 30" with no name: each handle is named after its widget's label and
// tooltip. A region that scrolls (a wide grid, a long table) gets a tab stop and a name, so a
// keyboard can scroll it. When the participant moves to another step, focus goes to that
// step's first heading, so a screen reader starts reading there. A chart is described by the
// table of its numbers beside it. Elements marked `aw-live` announce their changes politely.

function nameOf(widget) {
  const label = widget.querySelector(":scope > .widget-label, :scope > label");
  // a widget without a tooltip may carry the title "null" or "undefined": not a name
  const parts = [label ? label.textContent.trim() : "", widget.getAttribute("title") || "",
    label ? label.getAttribute("title") || "" : ""].map((p) => p.trim());
  return parts.filter((p, i) => p && p !== "null" && p !== "undefined" && parts.indexOf(p) === i).join(" — ");
}

function nameSliders(root) {
  // a handle named here is named again when its label changes (a language switch, a late label)
  const handles = root.querySelectorAll('[role="slider"]:not([aria-label]), [role="slider"][data-aw-named]');
  for (const handle of handles) {
    const widget = handle.closest(".widget-slider, .jupyter-widgets");
    const name = widget ? nameOf(widget) : "";
    if (name && handle.getAttribute("aria-label") !== name) {
      handle.setAttribute("aria-label", name);
      handle.setAttribute("data-aw-named", "");
    }
  }
}

function scrolls(el) {
  const style = getComputedStyle(el);
  const x = ["auto", "scroll"].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
  const y = ["auto", "scroll"].includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
  return x || y;
}

function regionName(el) {
  const title = el.querySelector("caption, h2, h3, h4, .aw-caption");
  return (el.getAttribute("data-aw-name") || (title ? title.textContent : "") || "").trim().slice(0, 120);
}

function focusableRegions(root) {
  const scrollers = ".aw-card, .aw-frame, .aw-scroll, .aw-table, .aw-raci-grid, .widget-box, .widget-html-content";
  for (const el of root.querySelectorAll(scrollers)) {
    if (el.hasAttribute("tabindex") || !scrolls(el)) continue;
    el.setAttribute("tabindex", "0");
    if (!el.hasAttribute("role")) el.setAttribute("role", "region");
    const name = regionName(el);
    if (name && !el.hasAttribute("aria-label")) el.setAttribute("aria-label", name);
  }
}

let tableIds = 0;

function chartsDescribed(root) {
  // a chart's numbers are in a table beside it: the chart names that table as its description
  for (const chart of root.querySelectorAll('.aw-plot[role="figure"]:not([aria-describedby])')) {
    const card = chart.closest(".aw-card, .widget-vbox");
    if (!card) continue;
    const tables = [...card.querySelectorAll("table")];
    const after = tables.find((t) => chart.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
    const table = after || tables[0];
    if (!table) continue;
    if (!table.id) table.id = "aw-numbers-" + (++tableIds);
    chart.setAttribute("aria-describedby", table.id);
  }
}

function liveRegions(root) {
  for (const el of root.querySelectorAll(".aw-live:not([aria-live])")) {
    el.setAttribute("aria-live", "polite");
  }
  for (const el of root.querySelectorAll(".aw-connection-lost:not([aria-live])")) {
    el.setAttribute("role", "status");
    el.setAttribute("aria-live", "polite");
  }
}

function focusStep(root, step) {
  const target = root.querySelector(".aw-steptitle") || (step && step.querySelector("h2, h3, h4")) || step;
  if (!target) return;
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus({ preventScroll: false });
}

function render({ el }) {
  el.style.display = "none";
  const root = el.ownerDocument.body;
  let pendingStep = false;
  let shown = "";

  const stepTitle = () => {
    const title = root.querySelector(".aw-steptitle");
    return title ? title.textContent : "";
  };

  const pass = () => {
    nameSliders(root);
    focusableRegions(root);
    chartsDescribed(root);
    liveRegions(root);
    const title = stepTitle();
    if (pendingStep && title && title !== shown) {
      pendingStep = false;
      focusStep(root, null);
    }
    shown = title || shown;
  };

  let queued = false;
  const soon = () => {
    if (queued) return;
    queued = true;
    setTimeout(() => { queued = false; pass(); }, 150);
  };
  const observer = new MutationObserver(soon);
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ["class", "style"] });
  const onNav = (event) => {
    if (event.target.closest && event.target.closest(".aw-nav, .aw-stepmove")) {
      shown = stepTitle();
      pendingStep = true;
      soon();
    }
  };
  root.addEventListener("click", onNav, true);
  window.addEventListener("resize", soon);
  soon();
  return () => {
    observer.disconnect();
    root.removeEventListener("click", onNav, true);
    window.removeEventListener("resize", soon);
  };
}

export default { render };
