// The quiz front end: one ES module used twice.
// - In JupyterLab, anywidget loads it as the widget's view; the kernel grades ("check" message).
// - In the published book, boot.js renders it against a small in-page model that grades with
//   gradeQuiz below, a line-for-line mirror of stt_course/grading.py (a parity test compares them).

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
let instances = 0;

const isIndex = (i, n) => Number.isInteger(i) && i >= 0 && i < n;

export function isAnswered(q, r) {
  if (q.type === "single") return isIndex(r, q.options.length);
  if (q.type === "multiple")
    return Array.isArray(r) && r.length > 0 && r.every((i) => isIndex(i, q.options.length));
  if (q.type === "matching")
    return (
      Array.isArray(r) && r.length === q.items.length && r.every((i) => isIndex(i, q.categories.length))
    );
  if (q.type === "ordering")
    return (
      Array.isArray(r) &&
      r.every((i) => isIndex(i, q.items.length)) &&
      [...r].sort((a, b) => a - b).join() === q.items.map((_, i) => i).join()
    );
  return typeof r === "boolean";
}

export function gradeQuestion(q, r) {
  const lines = [];
  let correct;
  let missed = 0;
  if (q.type === "single" || q.type === "multiple") {
    const chosen = Array.isArray(r) ? [...new Set(r)].sort((a, b) => a - b) : [r];
    for (const i of chosen) lines.push({ index: i, correct: q.options[i].correct, html: q.feedback[i] });
    const want = q.options.flatMap((o, i) => (o.correct ? [i] : []));
    correct = chosen.join() === want.join();
    missed = q.type === "multiple" ? want.filter((i) => !chosen.includes(i)).length : 0;
  } else if (q.type === "matching") {
    q.items.forEach((item, i) =>
      lines.push({ index: i, correct: r[i] === item.category, html: q.feedback[i] }),
    );
    correct = lines.every((l) => l.correct);
  } else if (q.type === "ordering") {
    r.forEach((i, pos) => lines.push({ index: i, correct: i === pos, html: q.feedback[i] }));
    correct = r.every((i, pos) => i === pos);
  } else {
    correct = r === q.options[0].correct;
    lines.push({ index: r ? 0 : 1, correct, html: q.feedback[r ? 0 : 1] });
  }
  return { id: q.id, correct, score: correct ? 1 : 0, missed, feedback: lines };
}

export function gradeQuiz(data, responses) {
  const missing = data.questions.filter((q) => !isAnswered(q, responses[q.id])).map((q) => q.id);
  if (missing.length) return { status: "incomplete", missing };
  const results = data.questions.map((q) => gradeQuestion(q, responses[q.id]));
  const byObjective = new Map();
  data.questions.forEach((q, i) => {
    if (!byObjective.has(q.objective)) byObjective.set(q.objective, { id: q.objective, score: 0, max: 0 });
    const row = byObjective.get(q.objective);
    row.score += results[i].score;
    row.max += 1;
  });
  return {
    status: "graded",
    score: results.reduce((s, r) => s + r.score, 0),
    max_score: results.length,
    questions: results,
    objectives: [...byObjective.values()],
  };
}

// --- DOM --------------------------------------------------------------------------------------

// Bank text arrives as HTML that Python escaped and marked up (stt_course.markup), so it is safe here.
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "html") el.innerHTML = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) el.append(c);
  return el;
}

const plain = (html) => {
  const d = document.createElement("div");
  d.innerHTML = html;
  return d.textContent;
};

function questionView(q, n, uid) {
  const qid = `${uid}-${n}`;
  const legend = h("legend", { class: "stt-q-prompt" },
    h("span", { class: "stt-q-number", text: `Question ${n}. ` }),
    h("span", { html: q.prompt }));
  const fieldset = h("fieldset", { class: `stt-q stt-q-${q.type}`, "data-question": q.id }, legend);
  const feedback = h("div", { class: "stt-q-feedback", id: `${qid}-fb` });
  let read;
  let reset;

  if (q.type === "single" || q.type === "multiple" || q.type === "truefalse") {
    const kind = q.type === "multiple" ? "checkbox" : "radio";
    if (q.type === "multiple")
      fieldset.append(h("p", { class: "stt-q-hint", text: "Select all that apply." }));
    const inputs = q.options.map((o, i) => {
      const input = h("input", { type: kind, name: qid, id: `${qid}-o${i}`, value: String(i) });
      fieldset.append(h("div", { class: "stt-option" }, input,
        h("label", { for: `${qid}-o${i}`, html: `<span class="stt-letter">${LETTERS[i]}.</span> ${o.html}` })));
      return input;
    });
    read = () => {
      const on = inputs.flatMap((inp, i) => (inp.checked ? [i] : []));
      if (q.type === "multiple") return on.length ? on : undefined;
      if (!on.length) return undefined;
      return q.type === "truefalse" ? on[0] === 0 : on[0];
    };
    reset = () => inputs.forEach((inp) => (inp.checked = false));
  } else if (q.type === "matching") {
    const selects = q.items.map((item, i) => {
      const select = h("select", { id: `${qid}-i${i}` },
        h("option", { value: "", text: "Choose a category…" }),
        ...q.categories.map((c, k) => h("option", { value: String(k), text: plain(c) })));
      fieldset.append(h("div", { class: "stt-match-row" },
        h("label", { for: `${qid}-i${i}`, html: `<span class="stt-letter">${LETTERS[i]}.</span> ${item.html}` }),
        select));
      return select;
    });
    read = () => {
      const r = selects.map((s) => (s.value === "" ? null : Number(s.value)));
      return r.every((v) => v !== null) ? r : undefined;
    };
    reset = () => selects.forEach((s) => (s.value = ""));
  } else {
    // ordering: a list with "Move up"/"Move down" buttons, operable by keyboard and announced.
    fieldset.append(h("p", { class: "stt-q-hint", text: "Put the items in order with the Up and Down buttons (move at least one before checking)." }));
    const list = h("ol", { class: "stt-order" });
    const announce = h("p", { class: "stt-visually-hidden", "aria-live": "polite" });
    fieldset.append(list, announce);
    let order = [...q.start];
    let moved = false; // untouched counts as unanswered, like an unticked choice
    const draw = (focus) => {
      list.replaceChildren();
      order.forEach((itemIndex, pos) => {
        const text = plain(q.items[itemIndex].html);
        const move = (delta, label) =>
          h("button", {
            type: "button", class: "stt-move", "aria-label": `${label}: ${text}`,
            disabled: pos + delta < 0 || pos + delta >= order.length,
            "data-dir": String(delta),
            onclick: () => {
              const to = pos + delta;
              [order[pos], order[to]] = [order[to], order[pos]];
              moved = true;
              draw({ item: itemIndex, dir: delta });
              announce.textContent = `${text}: moved to position ${to + 1} of ${order.length}.`;
            },
          }, label === "Move up" ? "↑ Up" : "↓ Down");
        list.append(h("li", { class: "stt-order-item", "data-item": String(itemIndex) },
          h("div", { class: "stt-order-row" },
            h("span", { class: "stt-order-text", html: q.items[itemIndex].html }),
            h("span", { class: "stt-order-buttons" }, move(-1, "Move up"), move(1, "Move down")))));
      });
      if (focus) {
        const li = list.querySelector(`[data-item="${focus.item}"]`);
        const btn = li.querySelector(`[data-dir="${focus.dir}"]:not([disabled])`) ||
          li.querySelector("button:not([disabled])");
        btn?.focus();
      }
    };
    draw();
    read = () => (moved ? [...order] : undefined);
    reset = () => {
      order = [...q.start];
      moved = false;
      draw();
    };
  }
  fieldset.append(feedback);
  // A changed answer makes the old feedback wrong: clear it until the next check.
  const clear = () => {
    feedback.replaceChildren();
    fieldset.classList.remove("stt-right", "stt-wrong", "stt-missing");
    fieldset.removeAttribute("aria-invalid");
  };
  fieldset.addEventListener("change", clear);
  fieldset.addEventListener("click", (e) => e.target.closest("button.stt-move") && clear());
  return { q, fieldset, feedback, read, reset };
}

function labelFor(q, line) {
  if (q.type === "matching") return q.items[line.index].html;
  if (q.type === "ordering") return q.items[line.index].html;
  return q.options[line.index].html;
}

function showFeedback(view, res) {
  const { q, feedback, fieldset } = view;
  fieldset.classList.toggle("stt-right", res.correct);
  fieldset.classList.toggle("stt-wrong", !res.correct);
  const head = res.correct ? "✓ Correct." : "✗ Not quite.";
  const list = h("ul", { class: "stt-fb-list" });
  res.feedback.forEach((line, pos) => {
    const mark = line.correct ? "✓" : "✗";
    const where = q.type === "ordering" ? `Position ${pos + 1}: ` : "";
    const cat = q.type === "matching" && !line.correct ? " (not in that category)" : "";
    list.append(h("li", { class: line.correct ? "stt-fb-right" : "stt-fb-wrong",
      html: `<span class="stt-mark" aria-hidden="true">${mark}</span> <span class="stt-visually-hidden">${line.correct ? "Right" : "Wrong"}:</span> ${where}<strong>${labelFor(q, line)}</strong>${cat} — ${line.html}` }));
  });
  feedback.replaceChildren(h("p", { class: "stt-fb-head", text: head }), list);
  if (res.missed) {
    const s = res.missed === 1 ? "one correct option" : `${res.missed} correct options`;
    feedback.append(h("p", { class: "stt-fb-missed", text: `You missed ${s}.` }));
  }
  feedback.append(h("p", { class: "stt-fb-section", html: `Review: ${q.section}` }));
}

function render({ model, el }) {
  const data = model.get("data");
  const uid = `stt-${data.id}-${++instances}`;
  const views = data.questions.map((q, i) => questionView(q, i + 1, uid));
  const status = h("div", { class: "stt-status", role: "status", "aria-live": "polite" });
  const breakdown = h("div", { class: "stt-breakdown" });
  const check = h("button", { type: "button", class: "stt-check", text: "Check answers" });
  const again = h("button", { type: "button", class: "stt-again", text: "Try again" });
  const root = h("section", { class: "stt-quiz", "aria-labelledby": `${uid}-title` },
    h("p", { class: "stt-quiz-title", id: `${uid}-title`, html: data.title }),
    ...views.map((v) => v.fieldset),
    h("div", { class: "stt-actions" }, check, again),
    status, breakdown);

  const show = () => {
    const result = model.get("result") || {};
    views.forEach((v) => {
      v.feedback.replaceChildren();
      v.fieldset.classList.remove("stt-right", "stt-wrong", "stt-missing");
      v.fieldset.removeAttribute("aria-invalid");
    });
    breakdown.replaceChildren();
    if (result.status === "incomplete") {
      const nums = views.flatMap((v, i) => (result.missing.includes(v.q.id) ? [i + 1] : []));
      nums.forEach((n) => {
        views[n - 1].fieldset.classList.add("stt-missing");
        views[n - 1].fieldset.setAttribute("aria-invalid", "true");
      });
      const which = nums.length === 1 ? `question ${nums[0]}` : `questions ${nums.join(", ")}`;
      status.textContent = `Please answer ${which} before checking. Nothing has been scored yet.`;
      views[nums[0] - 1].fieldset.querySelector("input, select, button:not([disabled])")?.focus();
      return;
    }
    if (result.status !== "graded") {
      status.textContent = "";
      return;
    }
    result.questions.forEach((res, i) => showFeedback(views[i], res));
    status.textContent = `Score: ${result.score} out of ${result.max_score}. Feedback is under each question.`;
    if (data.report_by_objective) {
      const rows = result.objectives.map((o) =>
        h("tr", {}, h("td", { html: data.objectives[o.id] || o.id }), h("td", { text: `${o.score} / ${o.max}` })));
      breakdown.append(h("table", { class: "stt-breakdown-table" },
        h("caption", { text: "Your score by learning objective" }),
        h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Learning objective" }), h("th", { scope: "col", text: "Score" }))),
        h("tbody", {}, ...rows)));
    }
  };

  check.addEventListener("click", () => {
    const responses = {};
    for (const v of views) {
      const r = v.read();
      if (r !== undefined) responses[v.q.id] = r;
    }
    model.set("responses", responses);
    model.save_changes();
    model.send({ action: "check" });
  });
  again.addEventListener("click", () => {
    views.forEach((v) => v.reset());
    model.set("responses", {});
    model.save_changes();
    model.send({ action: "reset" });
    views[0].fieldset.querySelector("input, select, button")?.focus();
  });
  model.on("change:result", show);
  el.replaceChildren(root);
  show();
  return () => model.off("change:result", show);
}

export default { render };
