// The quiz front end: one ES module used twice.
// - In JupyterLab, anywidget loads it as the widget's view; the kernel grades ("check" message).
// - In the published book, boot.js renders it against a small in-page model that grades with
//   gradeQuiz below, a line-for-line mirror of stt_course/quiz/grading.py (a parity test compares them).

import { h } from "./dom.js";

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
let instances = 0;

const isIndex = (i, n) => Number.isInteger(i) && i >= 0 && i < n;
const wanted = (q) => q.options.flatMap((o, i) => (o.correct ? [i] : []));

// --- Question types: one entry per type, the mirror of stt_course/quiz/qtypes.py ------------------------
// Each type: isAnswered(q, r), grade(q, r) -> [correct, feedback lines, missed], view(q, qid, fieldset)
// -> {read, reset}, and label(q, line, pos): how a feedback line names the choice it is about.
// Adding a type: an entry here and a class in qtypes.py.

const TYPES = {
  single: {
    isAnswered: (q, r) => isIndex(r, q.options.length),
    grade: (q, r) => {
      const want = wanted(q);
      const line = { index: r, correct: q.options[r].correct, html: q.feedback[r] };
      return [want.length === 1 && want[0] === r, [line], 0];
    },
    view: (q, qid, fieldset) => choiceView(q, qid, fieldset, "radio", (on) => (on.length ? on[0] : undefined)),
    label: (q, line) => `<strong>${q.options[line.index].html}</strong>`,
  },
  multiple: {
    isAnswered: (q, r) => Array.isArray(r) && r.length > 0 && r.every((i) => isIndex(i, q.options.length)),
    grade: (q, r) => {
      const chosen = [...new Set(r)].sort((a, b) => a - b);
      const want = wanted(q);
      const lines = chosen.map((i) => ({ index: i, correct: q.options[i].correct, html: q.feedback[i] }));
      // Only "select all" questions say how many right options were left out.
      return [chosen.join() === want.join(), lines, want.filter((i) => !chosen.includes(i)).length];
    },
    view: (q, qid, fieldset) => {
      fieldset.append(h("p", { class: "stt-q-hint", text: "Select all that apply." }));
      return choiceView(q, qid, fieldset, "checkbox", (on) => (on.length ? on : undefined));
    },
    label: (q, line) => `<strong>${q.options[line.index].html}</strong>`,
  },
  truefalse: {
    isAnswered: (q, r) => typeof r === "boolean",
    grade: (q, r) => {
      const correct = r === q.options[0].correct;
      const at = r ? 0 : 1;
      return [correct, [{ index: at, correct, html: q.feedback[at] }], 0];
    },
    view: (q, qid, fieldset) => choiceView(q, qid, fieldset, "radio", (on) => (on.length ? on[0] === 0 : undefined)),
    label: (q, line) => `<strong>${q.options[line.index].html}</strong>`,
  },
  matching: {
    isAnswered: (q, r) =>
      Array.isArray(r) && r.length === q.items.length && r.every((i) => isIndex(i, q.categories.length)),
    grade: (q, r) => {
      const lines = q.items.map((item, i) => ({ index: i, correct: r[i] === item.category, html: q.feedback[i] }));
      return [lines.every((l) => l.correct), lines, 0];
    },
    view: matchingView,
    label: (q, line) => `<strong>${q.items[line.index].html}</strong>${line.correct ? "" : " (not in that category)"}`,
  },
  ordering: {
    isAnswered: (q, r) =>
      Array.isArray(r) &&
      r.every((i) => isIndex(i, q.items.length)) &&
      [...r].sort((a, b) => a - b).join() === q.items.map((_, i) => i).join(),
    grade: (q, r) => {
      const lines = r.map((i, pos) => ({ index: i, correct: i === pos, html: q.feedback[i] }));
      return [r.every((i, pos) => i === pos), lines, 0];
    },
    view: orderingView,
    label: (q, line, pos) => `Position ${pos + 1}: <strong>${q.items[line.index].html}</strong>`,
  },
};

export function isAnswered(q, r) {
  return TYPES[q.type].isAnswered(q, r);
}

export function gradeQuestion(q, r) {
  const [correct, lines, missed] = TYPES[q.type].grade(q, r);
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

const plain = (html) => {
  const d = document.createElement("div");
  d.innerHTML = html;
  return d.textContent;
};

function choiceView(q, qid, fieldset, kind, pick) {
  const inputs = q.options.map((o, i) => {
    const input = h("input", { type: kind, name: qid, id: `${qid}-o${i}`, value: String(i) });
    fieldset.append(h("div", { class: "stt-option" }, input,
      h("label", { for: `${qid}-o${i}`, html: `<span class="stt-letter">${LETTERS[i]}.</span> ${o.html}` })));
    return input;
  });
  return {
    read: () => pick(inputs.flatMap((inp, i) => (inp.checked ? [i] : []))),
    reset: () => inputs.forEach((inp) => (inp.checked = false)),
  };
}

function matchingView(q, qid, fieldset) {
  const selects = q.items.map((item, i) => {
    const select = h("select", { id: `${qid}-i${i}` },
      h("option", { value: "", text: "Choose a category…" }),
      ...q.categories.map((c, k) => h("option", { value: String(k), text: plain(c) })));
    fieldset.append(h("div", { class: "stt-match-row" },
      h("label", { for: `${qid}-i${i}`, html: `<span class="stt-letter">${LETTERS[i]}.</span> ${item.html}` }),
      select));
    return select;
  });
  return {
    read: () => {
      const r = selects.map((s) => (s.value === "" ? null : Number(s.value)));
      return r.every((v) => v !== null) ? r : undefined;
    },
    reset: () => selects.forEach((s) => (s.value = "")),
  };
}

// A list with "Move up"/"Move down" buttons, operable by keyboard and announced.
function orderingView(q, qid, fieldset) {
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
  return {
    read: () => (moved ? [...order] : undefined),
    reset: () => {
      order = [...q.start];
      moved = false;
      draw();
    },
  };
}

function questionView(q, n, uid) {
  const qid = `${uid}-${n}`;
  const legend = h("legend", { class: "stt-q-prompt" },
    h("span", { class: "stt-q-number", text: `Question ${n}. ` }),
    h("span", { html: q.prompt }));
  const fieldset = h("fieldset", { class: `stt-q stt-q-${q.type}`, "data-question": q.id }, legend);
  const feedback = h("div", { class: "stt-q-feedback", id: `${qid}-fb` });
  const { read, reset } = TYPES[q.type].view(q, qid, fieldset);
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

function showFeedback(view, res) {
  const { q, feedback, fieldset } = view;
  fieldset.classList.toggle("stt-right", res.correct);
  fieldset.classList.toggle("stt-wrong", !res.correct);
  const head = res.correct ? "✓ Correct." : "✗ Not quite.";
  const list = h("ul", { class: "stt-fb-list" });
  res.feedback.forEach((line, pos) => {
    const mark = line.correct ? "✓" : "✗";
    list.append(h("li", { class: line.correct ? "stt-fb-right" : "stt-fb-wrong",
      html: `<span class="stt-mark" aria-hidden="true">${mark}</span> <span class="stt-visually-hidden">${line.correct ? "Right" : "Wrong"}:</span> ${TYPES[q.type].label(q, line, pos)} — ${line.html}` }));
  });
  feedback.replaceChildren(h("p", { class: "stt-fb-head", text: head }), list);
  if (res.missed) {
    const s = res.missed === 1 ? "one correct option" : `${res.missed} correct options`;
    feedback.append(h("p", { class: "stt-fb-missed", text: `You missed ${s}.` }));
  }
  feedback.append(h("p", { class: "stt-fb-section", html: `Review: ${q.section}` }));
}

// The payload format this file reads (stt_course/quiz/payload.py FORMAT_VERSION). A page built from older
// notebook outputs says so, rather than showing a quiz that may grade wrongly.
export const FORMAT_VERSION = 1;

function render({ model, el }) {
  const data = model.get("data");
  if (data.version !== FORMAT_VERSION) {
    el.replaceChildren(h("p", { class: "stt-status", role: "status",
      text: "This quiz cannot be shown: the page was made from an older copy of the course. " +
        "Please tell your tutor (the fix is to run `make notebooks`, then `make book`)." }));
    return;
  }
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
