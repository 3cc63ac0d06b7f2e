"""The kit's stylesheet, injected once per page (trusted markup, no user text)."""

from __future__ import annotations

import ipywidgets as w

CSS = """
<style>
.aw-app { max-width: 1100px; margin: 0 auto; font-size: 15px; }
.aw-header { display: flex; align-items: center; gap: 12px; padding: 10px 16px;
  background: #16324f; color: #fff; border-radius: 8px; margin-bottom: 12px; }
.aw-header .aw-title { font-size: 19px; font-weight: 600; color: #fff; }
.aw-header .aw-who { color: #d9e6f2; font-size: 14px; }
.aw-header .widget-toggle-buttons .widget-toggle-button { min-width: 44px; }
.aw-card { background: #fff; border: 1px solid #d5dde5; border-radius: 8px; padding: 16px 20px;
  margin-bottom: 12px; }
.aw-join { max-width: 560px; }
.aw-join .widget-label { min-width: 150px; }
.aw-msg-error { color: #8a1f11; background: #fdecea; border-left: 4px solid #c0392b;
  padding: 8px 12px; border-radius: 4px; margin: 6px 0; }
.aw-msg-ok { color: #1e5631; background: #e8f5e9; border-left: 4px solid #2e7d32;
  padding: 8px 12px; border-radius: 4px; margin: 6px 0; }
.aw-msg-info { color: #1a3c5e; background: #eaf2fb; border-left: 4px solid #2f6fae;
  padding: 8px 12px; border-radius: 4px; margin: 6px 0; }
.aw-app .widget-html-content { line-height: 1.5; }
.aw-status-slot { margin-left: auto !important; }
.aw-status { font-size: 13px; color: #d9e6f2; }
.aw-status-bad { color: #ffd3cc; font-weight: 600; }
.aw-nav .widget-toggle-button { width: auto; padding: 0 12px; }
.aw-muted { color: #5b6b7b; font-size: 13px; line-height: 1.45; }
.aw-connection-lost { position: fixed; top: 0; left: 0; right: 0; z-index: 10000; background: #8a1c1c; color: #fff;
  padding: 12px 20px; font-size: 15px; display: flex; gap: 16px; align-items: center; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
.aw-connection-lost[hidden] { display: none; }
.aw-connection-lost p { margin: 0; flex: 1; line-height: 1.4; }
.aw-connection-lost p.aw-connection-why:empty { display: none; }
.aw-restored { position: fixed; bottom: 16px; left: 50%; transform: translateX(-50%); z-index: 10000; background: #1f5e3a;
  color: #fff; padding: 10px 18px; border-radius: 6px; font-size: 15px; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
.aw-restored[hidden] { display: none; }
.aw-connection-lost button { background: #fff; color: #8a1c1c; border: 0; border-radius: 4px; padding: 8px 14px; font-weight: 600; cursor: pointer; }
.aw-offline .aw-status, .aw-offline .aw-status-slot { visibility: hidden; }
.aw-offline .aw-app, .aw-offline .aw-facilitator { opacity: .55; }
.aw-warn { color: #8a4b00; background: #fff4e0; border-left: 3px solid #d98a00; padding: 4px 8px; margin-top: 4px; font-size: 13px; }
.aw-join p { line-height: 1.45; }
.aw-case h3 { margin: 4px 0 8px 0; }
.aw-companies { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.aw-company { background: #f5f8fb; border-radius: 6px; padding: 10px 12px; }
.aw-phases { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; margin-top: 10px; }
.aw-phase { border-top: 4px solid #2f6fae; background: #f5f8fb; padding: 8px 10px; border-radius: 4px; }
.aw-phase ol { margin: 4px 0 0 18px; padding: 0; }
.aw-app :focus-visible { outline: 3px solid #f0a30a !important; outline-offset: 1px; }
.aw-lead { background: #f5f8fb; border-left: 4px solid #2f6fae; padding: 10px 14px;
  border-radius: 4px; margin-bottom: 10px; line-height: 1.5; }
.aw-module h4 { margin: 2px 0 6px 0; }
.aw-table { border-collapse: collapse; margin: 8px 0 12px 0; font-size: 14px; }
.aw-table caption { caption-side: top; text-align: left; color: #5b6b7b; font-size: 13px; padding-bottom: 4px; }
.aw-table th, .aw-table td { border: 1px solid #d5dde5; padding: 4px 8px; text-align: left;
  vertical-align: top; }
.aw-table thead th { background: #eef3f8; }
.aw-table .aw-top { background: #e8f5e9; font-weight: 600; }
.aw-table .aw-hot { background: #fde2cf; }
.aw-table .aw-bad { background: #fdecea; }
.aw-table .aw-out { color: #5b6b7b; font-style: italic; }
.aw-table .aw-ok { background: #e8f5e9; }
.aw-findings { list-style: none; padding: 0; margin: 6px 0; }
.aw-finding { padding: 6px 10px; margin: 4px 0; border-radius: 4px; border-left: 4px solid #2f6fae;
  background: #eaf2fb; }
.aw-finding-ok { border-left-color: #2e7d32; background: #e8f5e9; }
.aw-finding-warn { border-left-color: #e09100; background: #fff6e0; }
.aw-finding-bad { border-left-color: #c0392b; background: #fdecea; }
.aw-two { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.aw-profile { background: #f5f8fb; border-radius: 6px; padding: 8px 12px; margin: 6px 0; }
.aw-profile p { margin: 4px 0; }
.aw-raci-grid { border-collapse: collapse; font-size: 13px; }
.aw-raci-grid caption { caption-side: top; text-align: left; color: #5b6b7b; padding-bottom: 4px; }
.aw-raci-grid th[scope=row] { text-align: left; font-weight: 500; padding: 2px 8px 2px 0; min-width: 170px; }
.aw-raci-grid td { padding: 1px; border: 1px solid #e3e8ee; text-align: center; }
.aw-item-card { border-top: 1px solid #e3e8ee; padding: 8px 0; }
.aw-hint { padding: 6px 12px; }
.aw-pp-head { display: grid; grid-template-columns: 300px 270px 270px 230px; font-size: 13px; }
.aw-cracks { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; margin: 8px 0; }
.aw-crack { border: 1px solid #d5dde5; border-top: 6px solid #999; border-radius: 6px; padding: 8px 10px;
  background: #fff; font-size: 13px; }
.aw-crack ul { margin: 6px 0; padding-left: 18px; }
.aw-crack-head { display: flex; align-items: center; gap: 6px; }
.aw-crack-status { margin-left: auto; font-weight: 600; }
.aw-crack-green { border-top-color: #2e7d32; } .aw-crack-green .aw-crack-status { color: #2e7d32; }
.aw-crack-amber { border-top-color: #e09100; } .aw-crack-amber .aw-crack-status { color: #8a5400; }
.aw-crack-red { border-top-color: #c0392b; } .aw-crack-red .aw-crack-status { color: #c0392b; }
.aw-crack-grey { border-top-color: #7b8794; background: #f6f8fa; } .aw-crack-grey .aw-crack-status { color: #4b5866; }
.aw-ev-pass::marker { content: "✓ "; color: #2e7d32; } .aw-ev-fail::marker { content: "✗ "; color: #c0392b; }
.aw-ev-missing::marker { content: "… "; color: #5b6b7b; }
.aw-broadcast { background: #fff6e0; border-left: 6px solid #e09100; padding: 10px 14px; border-radius: 6px;
  margin-bottom: 10px; font-size: 16px; }
.aw-timer { background: #fff; color: #16324f; border-radius: 4px; padding: 2px 8px; font-weight: 600;
  font-variant-numeric: tabular-nums; }
.aw-timer-late { background: #c0392b; color: #fff; }
.aw-waiting { text-align: center; padding: 40px; }
.aw-scroll { overflow-x: auto; max-width: 100%; }
/* a wide table in its own frame (the facilitator's team comparison): the frame scrolls both ways
   inside the visible page, the header row and the first column (the team) stay in view */
.aw-wide { width: 100%; min-width: 0; }
.aw-wide > .widget-html-content { flex: 1 1 auto; min-width: 0; width: 100%; display: block; }
.aw-frame { overflow: auto; max-width: 100%; max-height: 60vh; border: 1px solid #d5dde5; border-radius: 4px;
  overscroll-behavior: contain; }
.aw-frame .aw-table { margin: 0; border-collapse: separate; border-spacing: 0; }
.aw-frame .aw-table th, .aw-frame .aw-table td { border-width: 0 1px 1px 0; }
.aw-frame .aw-table thead th { position: sticky; top: 0; z-index: 2; }
.aw-frame .aw-table tbody th { position: sticky; left: 0; z-index: 1; background: #fff;
  box-shadow: 2px 0 0 #d5dde5; }
.aw-frame .aw-table thead th:first-child { left: 0; z-index: 3; box-shadow: 2px 0 0 #d5dde5; }
.aw-frame .aw-table td { white-space: nowrap; }
.aw-raci-table thead th { font-size: 11px; font-weight: 600; }
.aw-raci-grid select { width: 46px; font-size: 13px; border: 1px solid #b8c4d0; border-radius: 3px; }
.aw-raci-grid td.aw-raci-A, .aw-raci-grid td.aw-raci-AR { background: #16324f; } .aw-raci-grid td.aw-raci-R { background: #8fbce6; }
.aw-raci-grid td.aw-raci-C { background: #cfe0f1; } .aw-raci-grid td.aw-raci-I { background: #eef3f8; }
.aw-raci-head { font-size: 10.5px; line-height: 1.2; text-align: center; padding: 2px; border-radius: 3px; }
.aw-raci-a { background: #e3edf7; } .aw-raci-b { background: #fdf0dc; } .aw-raci-j { background: #e3f1e4; }
.aw-raci-act { font-size: 13px; line-height: 1.25; display: block; padding-top: 4px; }
.aw-raci-table th, .aw-raci-table td { font-size: 12px; padding: 2px 4px; text-align: center; }
.aw-module .jupyter-button { width: auto; min-width: 110px; padding: 0 12px; }
.aw-module .widget-toggle-button { min-width: 0; }
.aw-module .lm-TabBar-tab { min-width: 200px; max-width: none; flex: 0 0 auto; }
/* tab titles are never cut: beat ipywidgets' fixed tab width (flex-basis 144px) on its own selector */
.aw-app .jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-tab,
.aw-facilitator .jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-tab { flex: 0 0 auto; max-width: none; }
.aw-app .jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-tabLabel,
.aw-facilitator .jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-tabLabel { overflow: visible; }
.aw-module .widget-toggle-buttons .widget-toggle-button { min-width: 42px; }
/* field labels are never cut ("Inversión de Andina Salud Distribución"): a long one wraps */
.aw-app .widget-inline-hbox .widget-label,
.aw-facilitator .widget-inline-hbox .widget-label { white-space: normal; overflow: visible; text-overflow: clip;
  height: auto; min-height: var(--jp-widgets-inline-height); line-height: 1.2; display: flex; align-items: center;
  justify-content: flex-end; text-align: right; }
.aw-app .widget-inline-hbox, .aw-facilitator .widget-inline-hbox { height: auto; min-height: var(--jp-widgets-inline-height); }
/* the presenter view (the projector): large type, the comparisons and the debrief board only */
.aw-presenter { font-size: 22px; }
.aw-presenter .aw-table, .aw-presenter .aw-muted, .aw-presenter li { font-size: 22px; line-height: 1.4; }
.aw-presenter h4 { font-size: 28px; }
.aw-presenter .aw-table th, .aw-presenter .aw-table td { padding: 8px 14px; }
.aw-presenter .jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-tab:nth-child(1),
.aw-presenter .jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-tab:nth-child(n+4) { display: none; }
.aw-presenter .aw-frame { max-height: 75vh; }
/* read by screen readers, not shown */
.aw-sr-only { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
/* the step's heading (focus lands here when the step changes) */
.aw-steptitle { font-size: 18px; margin: 10px 0 6px 0; color: #16324f; }
.aw-steptitle:focus { outline: none; }
.aw-steptitle:focus-visible { outline: 3px solid #f0a30a; outline-offset: 2px; }
/* contrast (WCAG 2.1 AA, 4.5:1): tab titles that are not selected, and the "Next" button */
.aw-app .jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-tab,
.aw-facilitator .jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-tab { color: #2b3a48; opacity: 1; }
.aw-app .jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-tab:not(.lm-mod-current),
.aw-facilitator .jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-tab:not(.lm-mod-current) { background: #e6ebf0; }
.aw-app .jupyter-button.mod-info, .aw-facilitator .jupyter-button.mod-info { background: #0b6e79; color: #fff; }
.aw-app .jupyter-button.mod-warning, .aw-facilitator .jupyter-button.mod-warning { background: #9a5200; color: #fff; }
.aw-app .jupyter-button.mod-danger, .aw-facilitator .jupyter-button.mod-danger { background: #b03a2e; color: #fff; }
.aw-app .jupyter-button.mod-success, .aw-facilitator .jupyter-button.mod-success { background: #2e7d32; color: #fff; }
.aw-app .jupyter-button.mod-primary, .aw-facilitator .jupyter-button.mod-primary { background: #1f5f99; color: #fff; }
.aw-facilitator :focus-visible { outline: 3px solid #f0a30a !important; outline-offset: 1px; }
/* phones and narrow tablets: one column, labels above their control, nothing wider than the
   screen, touch targets of at least 44 px; a wide grid scrolls inside its own frame */
@media (max-width: 700px) {
  .aw-app, .aw-facilitator { font-size: 16px; }
  .aw-header { flex-wrap: wrap; row-gap: 4px; }
  .aw-header > *:not(.jupyter-button) { min-height: 0 !important; }
  .aw-header .widget-inline-hbox { width: auto !important; flex-wrap: nowrap; }
  .aw-header .widget-html:empty, .aw-header .widget-html .widget-html-content:empty { display: none; }
  .aw-card { padding: 10px 10px; }
  .aw-two, .aw-companies, .aw-phases, .aw-cracks { grid-template-columns: 1fr; }
  .aw-pp-head { display: none; }
  .aw-app .widget-box, .aw-app .widget-hbox, .aw-app .widget-vbox,
  .aw-facilitator .widget-box, .aw-facilitator .widget-hbox, .aw-facilitator .widget-vbox {
    max-width: 100% !important; min-width: 0 !important; }
  .aw-app .widget-hbox, .aw-facilitator .widget-hbox { flex-wrap: wrap; }
  .aw-app .widget-inline-hbox, .aw-facilitator .widget-inline-hbox {
    flex-wrap: wrap; width: 100% !important; max-width: 100% !important; min-width: 0 !important; }
  .aw-app .widget-inline-hbox > .widget-label, .aw-facilitator .widget-inline-hbox > .widget-label {
    flex: 0 0 100%; width: 100% !important; max-width: 100% !important; min-width: 0 !important;
    justify-content: flex-start; text-align: left; padding-right: 0; }
  .aw-app .widget-inline-hbox > .widget-label:empty { display: none; }
  .aw-app .widget-text input, .aw-app .widget-textarea textarea, .aw-app select { width: 100%; }
  .aw-app .widget-inline-hbox > input, .aw-app .widget-inline-hbox > select,
  .aw-app .widget-inline-hbox > textarea, .aw-app .widget-dropdown > select { flex: 1 1 100%; min-width: 0; }
  .aw-app .widget-hslider .slider-container, .aw-facilitator .widget-hslider .slider-container {
    flex: 1 1 auto; min-width: 0; min-height: 44px; display: flex; align-items: center; }
  .aw-app .widget-hslider .slider-container > .slider { flex: 1 1 auto; width: auto; margin: 0 16px; }
  .aw-app .noUi-handle { width: 28px !important; height: 28px !important; top: -12px !important; }
  .aw-app .aw-pp-row .widget-label[title] { display: flex !important; font-size: 0; }
  .aw-app .aw-pp-row .widget-label[title]::before { content: attr(title); font-size: 14px; }
  .aw-module .jupyter-button { min-width: 0; max-width: 100%; white-space: normal; }
  .jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-content { flex-wrap: wrap; }
  .aw-module .lm-TabBar-tab, .aw-app .jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-tab {
    min-width: 0; min-height: 44px; align-items: center; }
  .aw-app .jupyter-widgets.widget-tab > .lm-TabBar { min-height: auto; height: auto; overflow: visible; }
  .aw-nav .widget-toggle-button { flex: 1 1 auto; }
  .aw-app .widget-html-content, .aw-facilitator .widget-html-content { max-width: 100%; overflow-wrap: anywhere; }
  .aw-raci-grid th[scope=row] { min-width: 120px; }
  .aw-app .js-plotly-plot, .aw-app .plot-container { max-width: 100%; overflow-x: auto; }
  /* a chart's zoom and download tools are too small to touch; its numbers are in the table beside it */
  .aw-app .modebar-container, .aw-facilitator .modebar-container { display: none !important; }
}
/* a grid or table wider than the page scrolls inside its own frame, its first column fixed */
.aw-raci-grid { display: block; overflow-x: auto; max-width: 100%; }
.aw-raci-grid th[scope=row] { position: sticky; left: 0; background: #fff; z-index: 1; }
@media (max-width: 1100px) {
  .aw-app .aw-table, .aw-facilitator .aw-table { display: block; overflow-x: auto; max-width: 100%; }
  /* a table already in its own frame (the team comparison) lets the frame scroll */
  .aw-app .aw-frame .aw-table, .aw-facilitator .aw-frame .aw-table { display: table; overflow: visible; max-width: none; }
}
/* touch screens (phones and tablets): targets of at least 44 px */
@media (max-width: 700px), (pointer: coarse) {
  .aw-app .widget-text input, .aw-app .widget-textarea textarea, .aw-app select,
  .aw-facilitator .widget-text input, .aw-facilitator .widget-textarea textarea, .aw-facilitator select {
    min-height: 44px; max-width: 100%; box-sizing: border-box; }
  .aw-app .jupyter-button, .aw-app .widget-toggle-button,
  .aw-facilitator .jupyter-button, .aw-facilitator .widget-toggle-button { min-height: 44px; height: auto; }
  .aw-app .widget-checkbox, .aw-facilitator .widget-checkbox { min-height: 44px; }
  .aw-app .widget-checkbox input, .aw-facilitator .widget-checkbox input { width: 24px; height: 24px; }
  .aw-app .jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-tab,
  .aw-facilitator .jupyter-widgets.widget-tab > .lm-TabBar .lm-TabBar-tab { min-height: 44px; align-items: center; }
  .aw-app .jupyter-widgets.widget-tab > .lm-TabBar, .aw-facilitator .jupyter-widgets.widget-tab > .lm-TabBar {
    min-height: auto; height: auto; overflow: visible; }
  .aw-app .modebar-container, .aw-facilitator .modebar-container { display: none !important; }
}
</style>
"""


def stylesheet() -> w.HTML:
    return w.HTML(CSS, layout=w.Layout(display="none"))
