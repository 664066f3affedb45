// The credential checker's front end: one ES module used twice, like quiz.js.
// - In JupyterLab (anywidget) the kernel runs the rules (stt_course/checker/engine.py).
// - In the published book, boot.js runs runChecker below, a mirror of checker.py (parity-tested).
// Every word, choice, default and limit comes from the rules data (rules/checker.yaml); this file is logic.

import { h } from "./dom.js";

const NUMBER = /^\d+(\.\d+)?$/;
const NEGATIVE = /^-\s*\d+(\.\d+)?$/;
const CPD_STRENGTH = ["hours", "cycle", "no-hours"];

// Typed text as a reader sees it: compatibility forms folded (NFKC) and format characters removed
// (invisible and direction controls); checker.py's plain() does the same.
const plain = (text) => String(text).normalize("NFKC").replace(/\p{Cf}/gu, "").trim();
const fill = (text, values) =>
  text === null || text === undefined ? null : text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function choice(rules, field, value) {
  const spec = rules.inputs.find((i) => i.id === field);
  return (spec && (spec.choices || []).find((c) => c.value === value)) || {};
}

export function defaults(rules) {
  return Object.fromEntries(rules.inputs.map((i) => [i.id, i.default ?? ""]));
}

export function validate(rules, raw) {
  const data = defaults(rules);
  for (const [k, v] of Object.entries(raw)) if (v !== null && v !== undefined) data[k] = v;
  const clean = { ...data };
  const errors = {};
  for (const spec of rules.inputs) {
    const field = spec.id;
    if (spec.kind === "choice") {
      const allowed = spec.choices.map((c) => c.value);
      if (!allowed.includes(data[field])) errors[field] = fill(rules.messages.choose, { choices: allowed.join(", ") });
    } else if (spec.kind === "text") {
      const value = (clean[field] = plain(data[field]));
      const when = spec.required_when;
      const needed = !when || Object.entries(when).every(([k, v]) => data[k] === v);
      if (needed && !value && spec.required) errors[field] = spec.required;
    } else {
      const text = plain(data[field]).toLowerCase();
      clean[field] = null;
      if (spec.blank.includes(text)) continue;
      if (NEGATIVE.test(text)) errors[field] = spec.negative;
      else if (!NUMBER.test(text)) errors[field] = spec.not_number;
      else if (Number(text) > spec.max) errors[field] = fill(spec.too_big, { max: spec.max });
      else clean[field] = Number(text);
    }
  }
  return [clean, errors];
}

export function protectedTitle(rules, title) {
  const lower = title.toLowerCase();
  const negated = new RegExp(`(?:^|[^a-z0-9])(?:${rules.negations.map(escapeRegExp).join("|")})(?:\\s+(?:a|an|the))?[\\s-]*$`);
  for (const p of rules.protected_titles) {
    for (const word of p.words) {
      const body = word.toLowerCase().split(/\s+/).filter(Boolean).map(escapeRegExp).join("\\s+");
      for (const m of lower.matchAll(new RegExp(`(?<![a-z0-9])${body}(?![a-z0-9])`, "g")))
        if (!negated.test(lower.slice(0, m.index))) return [p, word];
    }
  }
  return null;
}

const hoursText = (hours) => String(hours);

function cpdRules(rules, clean) {
  const keys = ["register", "body"].map((f) => choice(rules, f, clean[f]).cpd).filter(Boolean);
  return [...new Set(keys)].map((k) => rules.cpd_rules[k]);
}

function matches(cond, value) {
  if (Array.isArray(cond)) return cond.includes(value);
  if (cond !== null && typeof cond === "object") {
    if (value === null || value === undefined) return false;
    return (cond.lt === undefined || value < cond.lt) && (cond.gte === undefined || value >= cond.gte);
  }
  return value === cond;
}

function lineLinks(rules, wanted, clean, derived) {
  const out = [];
  for (const item of wanted) {
    if (item === "$required_register") out.push(...(choice(rules, "register", derived.protected).links || []));
    else if (item === "$cpd") for (const r of derived.cpd_sources) out.push(...r.links);
    else if (item.startsWith("$")) out.push(...(choice(rules, item.slice(1), clean[item.slice(1)]).links || []));
    else out.push(item);
  }
  return [...new Set(out)];
}

export function runChecker(rules, raw) {
  const [clean, errors] = validate(rules, raw);
  if (Object.keys(errors).length) return { errors };
  const found = protectedTitle(rules, clean.title);
  const prot = found ? found[0].requires : "none";
  const sources = cpdRules(rules, clean);
  const kinds = new Set(sources.map((r) => r.kind));
  const targets = sources.filter((r) => r.kind === "hours").map((r) => r.hours);
  const target = targets.length ? Math.max(...targets) : null;
  const hours = clean.cpd_hours;
  const derived = {
    protected: prot,
    on_required: clean.register === prot,
    cpd_known: hours !== null,
    cpd_rule: CPD_STRENGTH.find((k) => kinds.has(k)) || "none",
    cpd_meets: hours !== null && target !== null && hours >= target,
    cpd_sources: sources,
  };
  const facts = { ...clean, ...derived };
  const values = {
    title: clean.title,
    level: clean.level,
    body_name: clean.body === "other" ? clean.body_name : choice(rules, "body", clean.body).name || "",
    cpd_hours: hours === null ? "" : hoursText(hours),
    cpd_target: target === null ? "" : hoursText(target),
    cpd_rules: sources.map((r) => r.text).join(" "),
    register_name: choice(rules, "register", clean.register).name || "",
    required_register_name: choice(rules, "register", prot).name || "",
    protected_title: found ? found[1] : "",
    profession: found ? found[0].profession : "",
  };
  const lines = [];
  const done = new Set();
  for (const rule of rules.rules) {
    if (done.has(rule.topic)) continue;
    if (!Object.entries(rule.when).every(([k, c]) => matches(c, facts[k]))) continue;
    done.add(rule.topic);
    const s = rules.sections[rule.section];
    lines.push({
      id: rule.id, topic: rule.topic, status: rule.status, says: fill(rule.says, values),
      ask: fill(rule.ask, values), not_proven: fill(rule.not_proven, values),
      section: { doc: s.doc, anchor: s.anchor, label: s.label },
      links: lineLinks(rules, rule.links, clean, derived), fact: [...rule.fact],
    });
  }
  return { lines };
}

// The checklist as plain text a person keeps; checker.py's checklist_text gives the same text.
export function checklistText(rules, raw, result, date, url = "") {
  const ui = rules.ui;
  const clean = defaults(rules);
  for (const [k, v] of Object.entries(raw)) if (v !== null && v !== undefined) clean[k] = v;
  const out = [ui.heading, fill(ui.made, { date }), "", ui.inputs];
  for (const spec of rules.inputs) {
    if (Object.entries(spec.required_when || {}).some(([k, v]) => clean[k] !== v)) continue;
    let value = clean[spec.id];
    if (spec.kind === "choice") value = choice(rules, spec.id, value).label ?? value;
    const sep = spec.label.endsWith("?") ? " " : ": ";
    out.push(`- ${spec.label}${sep}${value !== null && value !== undefined && value !== "" ? plain(value) : "-"}`);
  }
  const links = Object.fromEntries(rules.links.map((l) => [l.id, l]));
  for (const line of result.lines || []) {
    const status = rules.statuses[line.status];
    out.push("", `[${status.mark}] ${status.word}: ${line.topic}`, line.says);
    if (line.ask) out.push(`${ui.ask} ${line.ask}`);
    if (line.not_proven) out.push(`${ui.not_proven} ${line.not_proven}`);
    for (const id of line.links || []) {
      const link = links[id];
      out.push(`${ui.where} ${link.name}: ${link.url ? `https://${link.url}` : link.how}`);
    }
  }
  out.push("", ui.footer);
  if (url) out.push(url);
  return `${out.join("\n")}\n`;
}

// --- DOM --------------------------------------------------------------------------------------

let instances = 0;

function linkItem(link) {
  if (!link.url) return h("li", {}, h("strong", { text: `${link.name}: ` }), link.how);
  return h("li", {}, h("a", { href: `https://${link.url}`, rel: "external noopener", text: link.name }),
    h("span", { class: "stt-link-url", text: ` (${link.url})` }), ` ${link.page}`);
}

function lineItem(rules, line, suffix) {
  const ui = rules.ui;
  const { mark, word } = rules.statuses[line.status];
  const item = h("li", { class: `stt-line stt-line-${line.status}`, "data-rule": line.id },
    h("p", { class: "stt-line-head" },
      h("span", { class: "stt-line-mark", "aria-hidden": "true", text: mark }),
      h("strong", { text: `${word}: ${line.topic}. ` }), line.says));
  if (line.ask) item.append(h("p", {}, h("strong", { text: `${ui.ask} ` }), line.ask));
  if (line.not_proven) item.append(h("p", {}, h("strong", { text: `${ui.not_proven} ` }), line.not_proven));
  if (line.links.length) {
    const byId = Object.fromEntries(rules.links.map((l) => [l.id, l]));
    item.append(h("p", { class: "stt-line-where" }, h("strong", { text: ui.where })),
      h("ul", { class: "stt-links" }, ...line.links.map((id) => linkItem(byId[id]))));
  }
  item.append(h("p", { class: "stt-line-link" }, `${ui.learn} `,
    h("a", { href: `${line.section.doc}${suffix}#${line.section.anchor}`, text: line.section.label })));
  return item;
}

const today = () => new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });

// Print, copy and download: made here in the browser, nothing is sent anywhere.
function keepBox(ui, uid, getText) {
  const note = h("p", { class: "stt-keep-status", role: "status", "aria-live": "polite" });
  const copyBox = h("textarea", { class: "stt-copy-box", readonly: true, rows: 8, hidden: true,
    "aria-label": ui.checklist, id: `${uid}-copy` });
  const button = (text, onClick) => {
    const b = h("button", { type: "button", class: "stt-keep-button", text });
    b.addEventListener("click", onClick);
    return b;
  };
  const printIt = () => {
    const sheet = h("pre", { class: "stt-print-sheet", text: getText() });
    document.body.append(sheet);
    document.body.classList.add("stt-printing");
    const done = () => {
      sheet.remove();
      document.body.classList.remove("stt-printing");
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    window.print();
  };
  const showForCopy = (text) => {
    copyBox.value = text;
    copyBox.hidden = false;
    copyBox.focus();
    copyBox.select();
    note.textContent = ui.copy_blocked;
  };
  const copyIt = () => {
    const text = getText();
    const clip = navigator.clipboard;
    if (!clip || !window.isSecureContext) return showForCopy(text);
    clip.writeText(text).then(() => { copyBox.hidden = true; note.textContent = ui.copied; }, () => showForCopy(text));
  };
  const downloadIt = () => {
    const url = URL.createObjectURL(new Blob([getText()], { type: "text/plain;charset=utf-8" }));
    const a = h("a", { href: url, download: `${ui.file_name}-${new Date().toISOString().slice(0, 10)}.txt`,
      class: "stt-hidden-link" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    note.textContent = ui.downloaded;
  };
  const box = h("div", { class: "stt-keep", role: "group", "aria-label": ui.keep },
    h("p", { class: "stt-keep-title", text: ui.keep }),
    button(ui.print, printIt), button(ui.copy, copyIt), button(ui.download, downloadIt), note, copyBox);
  box.hidden = true;
  return box;
}

function render({ model, el: host }) {
  const uid = `stt-checker-${++instances}`;
  const rules = model.get("rules");
  const ui = rules.ui;
  const start = { ...defaults(rules), ...(model.get("inputs") || {}) };
  const controls = {};
  const errorsAt = {};
  const who = model.get("label") || ui.unnamed;  // each checker's landmarks get their own names
  const form = h("form", { class: "stt-checker-form", novalidate: true, "aria-label": `${ui.form}: ${who}` });

  const described = (field, hint) => [hint ? `${uid}-${field}-hint` : "", `${uid}-${field}-err`].join(" ").trim();
  const hintFor = (spec) => (spec.hint ? h("p", { class: "stt-q-hint", id: `${uid}-${spec.id}-hint`, text: spec.hint }) : null);
  const build = (spec) => {
    const f = spec.id;
    const err = h("p", { class: "stt-field-error", id: `${uid}-${f}-err` });
    errorsAt[f] = err;
    const box = h("div", { class: "stt-field" });
    if (spec.kind === "choice" && spec.control === "radios") {
      const fs = h("fieldset", { class: "stt-radio-group", "aria-describedby": described(f, spec.hint) },
        h("legend", { text: spec.label }), hintFor(spec));
      const inputs = spec.choices.map((c) => {
        const id = `${uid}-${f}-${c.value}`;
        const input = h("input", { type: "radio", name: `${uid}-${f}`, id, value: c.value });
        input.checked = start[f] === c.value;
        fs.append(h("span", { class: "stt-radio" }, input, h("label", { for: id, text: c.label })));
        return input;
      });
      controls[f] = [() => (inputs.find((i) => i.checked) || {}).value, fs];
      box.append(fs, err);
      return box;
    }
    let control;
    if (spec.kind === "choice") {
      control = h("select", { id: `${uid}-${f}`, name: f, "aria-describedby": described(f, spec.hint) },
        ...spec.choices.map((c) => h("option", { value: c.value, text: c.label })));
    } else {
      control = h("input", { type: "text", id: `${uid}-${f}`, name: f, autocomplete: "off",
        placeholder: spec.placeholder, inputmode: spec.kind === "hours" ? "decimal" : null,
        "aria-describedby": described(f, spec.hint) });
    }
    control.value = start[f] ?? "";
    controls[f] = [() => control.value, control];
    box.append(h("label", { for: control.id, text: spec.label }), hintFor(spec) || "", control, err);
    return box;
  };
  form.append(...rules.inputs.map(build));
  form.append(h("div", { class: "stt-actions" }, h("button", { type: "submit", class: "stt-check", text: ui.button })));
  const status = h("div", { class: "stt-status", role: "status", "aria-live": "polite" });
  const list = h("ul", { class: "stt-checklist", "aria-label": ui.checklist });
  const suffix = model.get("link_suffix") || ".html";
  let shownInputs = start;
  const text = () => checklistText(rules, shownInputs, model.get("result") || {}, today(),
    window.location.href.split("#")[0]);
  const keep = keepBox(ui, uid, text);
  const root = h("section", { class: "stt-checker", "aria-label": `${ui.name}: ${who}` }, form, status, list, keep);

  const show = () => {
    const result = model.get("result") || {};
    list.replaceChildren();
    keep.hidden = true;
    for (const [field, err] of Object.entries(errorsAt)) {
      err.textContent = "";
      controls[field][1].removeAttribute("aria-invalid");
    }
    if (result.errors) {
      const fields = Object.keys(result.errors);
      fields.forEach((f) => {
        if (!errorsAt[f]) return;
        errorsAt[f].textContent = result.errors[f];
        controls[f][1].setAttribute("aria-invalid", "true");
      });
      const head = fill(ui.fix, { count: fields.length, fields: fields.length === 1 ? "field" : "fields" });
      status.textContent = `${head} ${fields.map((f) => result.errors[f]).join(" ")}`;
      controls[fields[0]]?.[1].focus?.();
      return;
    }
    if (!result.lines) {
      status.textContent = "";
      return;
    }
    const count = (s) => result.lines.filter((l) => l.status === s).length;
    const counts = { checked: count("checked"), missing: count("missing"), ask: count("ask"), note: count("note") };
    status.textContent = `${count("urgent") ? `${ui.urgent_first} ` : ""}${fill(ui.ready, counts)}`;
    for (const line of result.lines) list.append(lineItem(rules, line, suffix));
    keep.hidden = false;
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const inputs = {};
    for (const spec of rules.inputs) inputs[spec.id] = controls[spec.id][0]() ?? spec.default ?? "";
    shownInputs = inputs;
    model.set("inputs", inputs);
    model.save_changes();
    model.send({ action: "check" });
  });
  model.on("change:result", show);
  host.replaceChildren(root);
  show();
  return () => model.off("change:result", show);
}

export default { render };
