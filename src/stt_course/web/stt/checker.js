// The credential checker's front end: one ES module used twice, like quiz.js.
// - In JupyterLab (anywidget) the kernel runs the rules (stt_course/checker.py).
// - In the published book, boot.js runs runChecker below, a mirror of checker.py (parity-tested).

const CHOICES = {
  level: ["3", "4", "5", "6", "7", "not-stated"],
  ofqual: ["yes", "no", "unknown"],
  body: ["none", "named", "unknown"],
  insurance: ["yes", "no", "unknown"],
  register: ["cnhc", "psa-other", "hcpc", "gosc", "gcc", "none", "unknown"],
  london: ["yes", "no"],
  licensed: ["yes", "no", "unknown"],
};
const DEFAULTS = {
  title: "", level: "not-stated", ofqual: "unknown", body: "unknown", body_name: "", cpd_hours: "",
  insurance: "unknown", register: "unknown", london: "no", licensed: "unknown",
};
const MAX_CPD = 1000;
const NUMBER = /^\d+(\.\d+)?$/;
const NEGATIVE = /^-\s*\d+(\.\d+)?$/;
const UNKNOWN = new Set(["", "unknown", "don't know", "not known"]);

// Typed text as a reader sees it: compatibility forms folded (NFKC) and format characters removed
// (invisible and direction controls); checker.py's plain() does the same.
const plain = (text) => String(text).normalize("NFKC").replace(/\p{Cf}/gu, "").trim();

export function validate(raw) {
  const data = { ...DEFAULTS };
  for (const [k, v] of Object.entries(raw)) if (v !== null && v !== undefined) data[k] = v;
  const errors = {};
  const title = plain(data.title);
  if (!title) errors.title = 'Enter the title the therapist uses, for example "sports massage therapist".';
  for (const [field, allowed] of Object.entries(CHOICES))
    if (!allowed.includes(data[field])) errors[field] = `Choose one of: ${allowed.join(", ")}.`;
  const bodyName = plain(data.body_name);
  if (data.body === "named" && !bodyName) errors.body_name = "Enter the name of the body, or choose “don't know”.";
  const hoursText = plain(data.cpd_hours).toLowerCase();
  let hours = null;
  if (!UNKNOWN.has(hoursText)) {
    if (NEGATIVE.test(hoursText))
      errors.cpd_hours = "CPD hours cannot be negative: enter 0 or more, or leave blank if unknown.";
    else if (!NUMBER.test(hoursText))
      errors.cpd_hours = "Enter a number of hours, such as 30, or leave blank if unknown.";
    else {
      hours = Number(hoursText);
      if (hours > MAX_CPD) errors.cpd_hours = `Enter a number of hours from 0 to ${MAX_CPD} (a year's CPD).`;
    }
  }
  return [{ ...data, title, body_name: bodyName, cpd_hours: hours }, errors];
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function protectedTitle(rules, title) {
  const lower = title.toLowerCase();
  return rules.protected_titles.find((p) =>
    p.words.some((w) => new RegExp(`\\b${escapeRegExp(w.toLowerCase())}\\b`).test(lower))) || null;
}

function matches(cond, value) {
  if (Array.isArray(cond)) return cond.includes(value);
  if (cond !== null && typeof cond === "object") {
    if (value === null || value === undefined) return false;
    return (cond.lt === null || cond.lt === undefined || value < cond.lt) &&
      (cond.gte === null || cond.gte === undefined || value >= cond.gte);
  }
  return value === cond;
}

export function runChecker(rules, raw) {
  const [clean, errors] = validate(raw);
  if (Object.keys(errors).length) return { errors };
  const match = protectedTitle(rules, clean.title);
  const prot = match ? match.requires : "none";
  const facts = { ...clean, protected: prot, on_required: clean.register === prot,
    cpd_known: clean.cpd_hours !== null };
  const values = {
    title: clean.title, level: clean.level, body_name: clean.body_name,
    cpd_hours: clean.cpd_hours === null ? "" : String(clean.cpd_hours),
    register_name: rules.registers[clean.register] || "",
    required_register_name: rules.registers[prot] || "",
    protected_title: match ? match.title : "",
  };
  const fill = (t) => (t === null || t === undefined ? null : t.replace(/\{(\w+)\}/g, (_, k) => values[k]));
  const lines = [];
  const done = new Set();
  for (const rule of rules.rules) {
    if (done.has(rule.topic)) continue;
    if (!Object.entries(rule.when).every(([k, c]) => matches(c, facts[k]))) continue;
    done.add(rule.topic);
    const s = rules.sections[rule.section];
    lines.push({
      id: rule.id, topic: rule.topic, status: rule.status, says: fill(rule.says), ask: fill(rule.ask),
      not_proven: fill(rule.not_proven), section: { doc: s.doc, anchor: s.anchor, label: s.label },
      fact: [...rule.fact],
    });
  }
  return { lines };
}

// --- DOM --------------------------------------------------------------------------------------

let instances = 0;
const STATUS = {
  checked: ["✓", "Checked"], missing: ["✗", "Missing"], ask: ["?", "Ask"], note: ["i", "Note"],
};
const LABELS = {
  level: { "not-stated": "Not stated" },
  yes: "Yes", no: "No", unknown: "Don't know", none: "None", named: "A named body",
  register: { cnhc: "CNHC", "psa-other": "Another PSA Accredited Register", hcpc: "HCPC", gosc: "GOsC",
    gcc: "GCC", none: "None", unknown: "Don't know" },
};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

function label(field, value) {
  const own = LABELS[field];
  if (own && typeof own === "object" && own[value]) return own[value];
  if (field === "level") return `Level ${value}`;
  return LABELS[value] || value;
}

function render({ model, el: host }) {
  const uid = `stt-checker-${++instances}`;
  const start = { ...DEFAULTS, ...(model.get("inputs") || {}) };
  const controls = {};
  const errorsAt = {};
  const form = el("form", { class: "stt-checker-form", novalidate: true, "aria-label": "Therapist details" });

  const fieldBox = (field, labelText, control, hint) => {
    const err = el("p", { class: "stt-field-error", id: `${uid}-${field}-err` });
    errorsAt[field] = err;
    const box = el("div", { class: "stt-field" });
    if (control.tagName === "FIELDSET") box.append(control, err);
    else box.append(el("label", { for: control.id, text: labelText }), hint || "", control, err);
    return box;
  };
  const text = (field, labelText, attrs = {}, hintText) => {
    const hint = hintText ? el("p", { class: "stt-q-hint", id: `${uid}-${field}-hint`, text: hintText }) : null;
    const input = el("input", { type: "text", id: `${uid}-${field}`, name: field, autocomplete: "off",
      "aria-describedby": [hint ? hint.id : "", `${uid}-${field}-err`].join(" ").trim(), ...attrs });
    input.value = start[field] ?? "";
    controls[field] = () => input.value;
    controls[`${field}:el`] = input;
    return fieldBox(field, labelText, input, hint);
  };
  const select = (field, labelText) => {
    const sel = el("select", { id: `${uid}-${field}`, name: field, "aria-describedby": `${uid}-${field}-err` },
      ...CHOICES[field].map((v) => el("option", { value: v, text: label(field, v) })));
    sel.value = start[field];
    controls[field] = () => sel.value;
    controls[`${field}:el`] = sel;
    return fieldBox(field, labelText, sel);
  };
  const radios = (field, legend) => {
    const fs = el("fieldset", { class: "stt-radio-group", "aria-describedby": `${uid}-${field}-err` },
      el("legend", { text: legend }));
    const inputs = CHOICES[field].map((v) => {
      const id = `${uid}-${field}-${v}`;
      const input = el("input", { type: "radio", name: `${uid}-${field}`, id, value: v });
      input.checked = start[field] === v;
      fs.append(el("span", { class: "stt-radio" }, input, el("label", { for: id, text: label(field, v) })));
      return input;
    });
    controls[field] = () => (inputs.find((i) => i.checked) || {}).value;
    controls[`${field}:el`] = fs;
    return fieldBox(field, legend, fs);
  };

  form.append(
    text("title", "Title the therapist uses", { placeholder: "e.g. sports massage therapist" }),
    select("level", "Highest qualification level"),
    radios("ofqual", "Is that qualification from an Ofqual-regulated awarding organisation?"),
    radios("body", "Professional body membership"),
    text("body_name", "Name of the professional body (if named)"),
    text("cpd_hours", "CPD hours in the last year", { inputmode: "decimal" }, "A number; leave blank if unknown."),
    radios("insurance", "Insured?"),
    select("register", "Register that lists them"),
    radios("london", "Is the treatment at premises in London?"),
    radios("licensed", "If in London: are the premises licensed by the council?"),
  );
  const button = el("button", { type: "submit", class: "stt-check", text: "Check this therapist" });
  form.append(el("div", { class: "stt-actions" }, button));
  const status = el("div", { class: "stt-status", role: "status", "aria-live": "polite" });
  const list = el("ul", { class: "stt-checklist", "aria-label": "Checklist" });
  const root = el("section", { class: "stt-checker", "aria-label": "Credential checker" }, form, status, list);

  const suffix = model.get("link_suffix") || ".html";
  const show = () => {
    const result = model.get("result") || {};
    list.replaceChildren();
    for (const [field, err] of Object.entries(errorsAt)) {
      err.textContent = "";
      controls[`${field}:el`].removeAttribute("aria-invalid");
    }
    if (result.errors) {
      const fields = Object.keys(result.errors);
      fields.forEach((f) => {
        if (!errorsAt[f]) return;
        errorsAt[f].textContent = result.errors[f];
        controls[`${f}:el`].setAttribute("aria-invalid", "true");
      });
      status.textContent = `Please correct ${fields.length === 1 ? "1 field" : `${fields.length} fields`}: ` +
        `${fields.map((f) => result.errors[f]).join(" ")}`;
      controls[`${fields[0]}:el`]?.focus?.();
      return;
    }
    if (!result.lines) {
      status.textContent = "";
      return;
    }
    const count = (s) => result.lines.filter((l) => l.status === s).length;
    const notes = count("note") === 1 ? "1 note" : `${count("note")} notes`;
    status.textContent = `Checklist ready: ${count("checked")} checked, ${count("missing")} missing, ` +
      `${count("ask")} to ask, ${notes}. It is a checklist, not a verdict.`;
    for (const line of result.lines) {
      const [mark, word] = STATUS[line.status];
      const item = el("li", { class: `stt-line stt-line-${line.status}`, "data-rule": line.id },
        el("p", { class: "stt-line-head" },
          el("span", { class: "stt-line-mark", "aria-hidden": "true", text: mark }),
          el("strong", { text: `${word}: ${line.topic}. ` }), line.says));
      if (line.ask) item.append(el("p", {}, el("strong", { text: "Ask or check: " }), line.ask));
      if (line.not_proven) item.append(el("p", {}, el("strong", { text: "What this does not prove: " }), line.not_proven));
      item.append(el("p", { class: "stt-line-link" }, "Learn more: ",
        el("a", { href: `${line.section.doc}${suffix}#${line.section.anchor}`, text: line.section.label })));
      list.append(item);
    }
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const inputs = {};
    for (const field of Object.keys(DEFAULTS)) inputs[field] = controls[field]() ?? DEFAULTS[field];
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
