// The page's connection watch and edit journal (see widgets/ui/connection.py).
//
// 1. Heartbeat: the kernel sends a beat every second; after `lost_after` seconds without one
//    the page shows a banner, hides "Saved" and turns the workshop inert.
// 2. Journal: every value typed into a field of a step is kept in this browser's storage
//    (per participant) until the kernel has been alive for CONFIRM_MS after it. After a
//    reload, a field whose value differs from the journal gets the typed value again, through
//    the widget (so the model validates and saves it), and the page says how many came back.
//    The kernel also says when a step's values are saved ("saved"): the entries typed before
//    are dropped at once. Entries of a confidential step (the pulse: ``private_steps``) are
//    kept in sessionStorage only (never beyond the tab) and dropped as soon as they are saved.
//    "forget" (Leave this computer) drops the whole journal of this participant.
// 3. Why: when the connection is lost, the server is asked whether it closed this page's
//    socket itself (a message too large, or a flood) so the banner can say why.

const PREFIX = "aw-journal:";
const CONFIRM_MS = 5000;  // an edit followed by this long of heartbeats has reached the kernel
const MAX_VALUE = 10000;  // characters: longer values are not sent (the server would close the socket)
const KEEP_MS = 24 * 3600 * 1000;  // an unrestored edit is kept for a day
// an edit made this shortly before a "saved" may not be in that save: it waits for the next one
const SAVED_MARGIN_MS = 300;

function stepOf(el) {
  const host = el.closest('[class*="aw-step-"]');
  if (!host) return null;
  const cls = [...host.classList].find((c) => c.startsWith("aw-step-"));
  return cls ? { host, key: cls.slice("aw-step-".length) } : null;
}

function isField(el) {
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  return el instanceof HTMLInputElement && ["text", "number", "search", ""].includes(el.type);
}

function pathFrom(host, el) {
  const parts = [];
  for (let node = el; node && node !== host; node = node.parentElement) {
    const parent = node.parentElement;
    if (!parent) return null;
    parts.push([...parent.children].indexOf(node));
  }
  return parts.reverse().join(".");
}

function signature(el) {
  const widget = el.closest(".jupyter-widgets, .widget-inline-hbox, .widget-textarea") || el.parentElement;
  const label = widget ? widget.querySelector("label") : null;
  return [el.tagName, el.type || "", el.placeholder || "", label ? label.textContent.trim() : ""].join("|");
}

function fieldAt(step, path) {
  let node = step.host;
  for (const index of path.split(".")) {
    node = node && node.children[Number(index)];
  }
  return node && isField(node) ? node : null;
}

function render({ model, el }) {
  el.style.display = "none";
  let last = performance.now();
  let lostAt = null;
  let backAt = performance.now();
  let scope = "";
  let journal = { entries: {}, step: "" };
  let restored = 0;

  // -- banner ------------------------------------------------------------------------------
  const banner = document.createElement("div");
  banner.className = "aw-connection-lost";
  banner.setAttribute("role", "alert");
  banner.hidden = true;
  const text = document.createElement("p");
  const why = document.createElement("p");
  why.className = "aw-connection-why";
  const button = document.createElement("button");
  button.type = "button";
  button.addEventListener("click", () => window.location.reload());
  banner.append(text, why, button);
  document.body.appendChild(banner);
  const notice = document.createElement("div");
  notice.className = "aw-restored";
  notice.setAttribute("role", "status");
  notice.hidden = true;
  document.body.appendChild(notice);
  const app = () => el.closest(".aw-app") || document.querySelector(".aw-app, .aw-facilitator");

  const pageConfig = () => {
    const node = document.getElementById("jupyter-config-data");
    try { return JSON.parse(node.textContent) || {}; } catch (e) { return {}; }
  };
  const askWhy = () => {
    const config = pageConfig();
    const kid = config.kernelId || "";
    if (!/^[0-9a-f-]{36}$/.test(kid)) return;  // not a Voila page (JupyterLab): nothing to ask
    const base = (config.baseUrl || "/").replace(/\/?$/, "/");
    fetch(base + "voila/aw-why/" + kid, { credentials: "same-origin", cache: "no-store" })
      .then((r) => (r.ok ? r.json() : {}))
      .then((data) => {
        const reasons = model.get("why_texts") || {};
        why.textContent = reasons[data.reason] || "";
      })
      .catch(() => {});  // the server is down: the banner already says what to do
  };

  const show = () => {
    const target = app();
    const at = new Date(lostAt).toLocaleTimeString(model.get("locale") || undefined);
    text.textContent = (model.get("lost_text") || "").replace("{time}", at);
    button.textContent = model.get("reload_label") || "Reload";
    why.textContent = "";
    banner.hidden = false;
    document.body.classList.add("aw-offline");
    if (target) {
      target.inert = true;  // no typing or clicking into a page whose edits would be lost
      if (document.activeElement && target.contains(document.activeElement)) document.activeElement.blur();
    }
    askWhy();
  };
  const hide = () => {
    const target = app();
    banner.hidden = true;
    document.body.classList.remove("aw-offline");
    if (target) target.inert = false;
  };

  // -- journal -----------------------------------------------------------------------------
  const isPrivate = (step) => (model.get("private_steps") || []).includes(step);
  const read = (storage) => {
    try {
      const raw = JSON.parse(storage.getItem(PREFIX + scope) || "null");
      if (raw && typeof raw.entries === "object" && raw.entries) return raw;
    } catch (e) { /* unreadable or blocked: start afresh */ }
    return null;
  };
  const load = () => {
    const kept = read(localStorage) || { entries: {}, step: "" };
    for (const [id, entry] of Object.entries(kept.entries)) {
      if (isPrivate(entry.step)) delete kept.entries[id];  // never from localStorage (older pages kept them there)
    }
    const held = read(sessionStorage);  // a confidential step's edits, in this tab only
    if (held) Object.assign(kept.entries, held.entries);
    return kept;
  };
  const write = (storage, value, keep) => {
    try {
      if (keep) storage.setItem(PREFIX + scope, JSON.stringify(value));
      else storage.removeItem(PREFIX + scope);
    } catch (e) { /* storage full or blocked: the heartbeat banner still protects the page */ }
  };
  const save = () => {
    if (!scope) return;
    const open = {}, held = {};
    for (const [id, entry] of Object.entries(journal.entries)) (isPrivate(entry.step) ? held : open)[id] = entry;
    const kept = { ...journal, entries: open };
    write(localStorage, kept, Object.keys(open).length || journal.step || Object.keys(journal.tabs || {}).length);
    write(sessionStorage, { entries: held }, Object.keys(held).length);
  };
  const saved = (step) => {
    // the kernel has stored this step's values: what was typed before is no longer needed
    const before = Date.now() - SAVED_MARGIN_MS;
    let changed = false;
    for (const [id, entry] of Object.entries(journal.entries)) {
      if (entry.step === step && entry.applied && entry.at <= before) { delete journal.entries[id]; changed = true; }
    }
    if (changed) save();
  };
  const forget = () => {
    // Leave this computer: nothing of this participant stays in this browser
    if (scope) { write(localStorage, null, false); write(sessionStorage, null, false); }
    scope = "";
    journal = { entries: {}, step: "" };
  };
  const record = (event) => {
    const target = event.target;
    if (!isField(target) || !app() || !app().contains(target)) return;
    const tooLong = (model.get("why_texts") || {}).too_long || "";
    if (String(target.value).length > MAX_VALUE) {
      // never sent: the server closes a socket carrying more than 64 KB. Say so, keep the text on screen.
      event.stopImmediatePropagation();
      notice.textContent = tooLong;
      notice.hidden = false;
      return;
    }
    if (!notice.hidden && notice.textContent === tooLong) notice.hidden = true;
    const step = stepOf(target);
    if (!scope || !step) return;
    const path = pathFrom(step.host, target);
    if (path === null) return;
    journal.entries[step.key + "@" + path] = {
      step: step.key, path, sig: signature(target), value: String(target.value), at: Date.now(), applied: true,
    };
    save();
  };
  document.addEventListener("input", record, true);
  document.addEventListener("change", record, true);

  // the step on screen (one at a time), or null before joining
  const openStep = () => [...document.querySelectorAll('[class*="aw-step-"]')].map(stepOf)
    .find((s) => s && s.host.offsetParent !== null) || null;

  const replay = () => {
    let changed = false;
    const step = openStep();
    if (!step) return;
    for (const [id, entry] of Object.entries(journal.entries)) {
      // an edit of another step waits until the participant goes there
      if (entry.applied || entry.step !== step.key) continue;
      const field = fieldAt(step, entry.path);
      if (!field || signature(field) !== entry.sig) { delete journal.entries[id]; changed = true; continue; }
      if (field.value !== entry.value) {
        field.value = entry.value;
        field.dispatchEvent(new Event("input", { bubbles: true }));
        field.dispatchEvent(new Event("change", { bubbles: true }));
        restored += 1;
      }
      entry.applied = true;
      entry.at = Date.now();  // confirmed like a fresh edit, once the kernel has had it
      changed = true;
    }
    if (restored) {
      notice.textContent = (model.get("restored_text") || "").replace("{count}", String(restored));
      notice.hidden = false;
      model.set("restored", restored);
      model.save_changes();
    }
    if (changed) save();
  };
  const confirm = () => {
    // an applied edit followed by CONFIRM_MS of heartbeats (and of connection) has reached the kernel
    const now = Date.now();
    const since = now - (performance.now() - backAt);
    let changed = false;
    for (const [id, entry] of Object.entries(journal.entries)) {
      const old = now - entry.at > KEEP_MS;
      if (old || (entry.applied && now - entry.at > CONFIRM_MS && now - since > CONFIRM_MS)) {
        delete journal.entries[id];
        changed = true;
      }
    }
    const visible = openStep();
    if (visible && visible.key !== journal.step) { journal.step = visible.key; changed = true; }
    if (changed) save();
  };
  const adopt = () => {
    const next = model.get("scope") || "";
    if (next === scope) return;
    scope = next;
    journal = scope ? load() : { entries: {}, step: "" };
    for (const entry of Object.values(journal.entries)) entry.applied = false;  // from an earlier page
    const pending = [...new Set(Object.values(journal.entries).map((e) => e.step))];
    const tabs = journal.tabs && typeof journal.tabs === "object" ? journal.tabs : {};
    model.set("place", { step: String(journal.step || ""), pending, tabs });
    model.save_changes();
  };
  model.on("change:scope", adopt);
  adopt();
  // the tab selected inside a step, kept per step so that a reload opens it again
  model.on("change:tab", () => {
    const tab = model.get("tab") || {};
    if (!scope || typeof tab.step !== "string" || !Number.isInteger(tab.index)) return;
    journal.tabs = { ...(journal.tabs || {}), [tab.step]: tab.index };
    save();
  });

  model.on("msg:custom", (msg) => {
    if (msg && msg.type === "saved" && scope && typeof msg.step === "string") { saved(msg.step); return; }
    if (msg && msg.type === "forget") { forget(); return; }
    if (!msg || msg.type !== "beat") return;
    last = performance.now();
    if (lostAt !== null) { lostAt = null; backAt = performance.now(); hide(); }
    if (scope) { replay(); confirm(); }
  });
  const lostAfter = Number(model.get("lost_after")) * 1000;
  const timer = setInterval(() => {
    if (lostAt === null && performance.now() - last > lostAfter) {
      lostAt = Date.now() - (performance.now() - last);
      show();
    }
  }, 250);
  return () => {
    clearInterval(timer);
    document.removeEventListener("input", record, true);
    document.removeEventListener("change", record, true);
    banner.remove();
    notice.remove();
    hide();
  };
}
export default { render };
