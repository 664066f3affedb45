// Published book: render every quiz on the page with no kernel, and keep progress in localStorage.
// quiz.js and checker.js are imported only by pages that show one, to keep pages light.
import { recordQuiz, startLms } from "./lms.js";

export const PROGRESS_KEY = "stt-course/progress/v1";

// Stored progress is ignored (never fatal) when missing, corrupt or from another version.
export function readProgress() {
  try {
    const raw = JSON.parse(window.localStorage.getItem(PROGRESS_KEY));
    if (raw && raw.version === 1 && raw.quizzes && typeof raw.quizzes === "object") return raw;
  } catch {
    // unreadable or blocked storage: start afresh
  }
  return { version: 1, quizzes: {} };
}

function writeProgress(progress) {
  try {
    window.localStorage.setItem(PROGRESS_KEY, JSON.stringify(progress));
  } catch {
    // storage full or disabled (private mode): the quiz still works, progress is not kept
  }
}

// The subset of the ipywidgets model API that quiz.js and checker.js use; `onSend` does in the page
// what the kernel does live.
class PageModel {
  constructor(state, onSend) {
    this.state = { ...state, result: {} };
    this.onSend = onSend;
    this.listeners = new Map();
  }
  get(key) {
    return this.state[key];
  }
  set(key, value) {
    this.state[key] = value;
    (this.listeners.get(`change:${key}`) || []).forEach((cb) => cb());
  }
  save_changes() {}
  on(event, cb) {
    this.listeners.set(event, [...(this.listeners.get(event) || []), cb]);
  }
  off(event, cb) {
    this.listeners.set(event, (this.listeners.get(event) || []).filter((f) => f !== cb));
  }
  send(msg) {
    this.onSend(this, msg);
  }
}

// "Your last score here", under the quiz's title, from this browser's stored progress.
function showLastScore(box, quizId) {
  const last = readProgress().quizzes[quizId];
  let line = box.querySelector(".stt-last-score");
  if (!last) {
    line?.remove();
    return;
  }
  if (!line) {
    line = document.createElement("p");
    line.className = "stt-last-score";
    box.querySelector(".stt-quiz-title")?.after(line);
  }
  line.textContent = `Your last score here: ${last.score} out of ${last.max}.`;
}

function quizMessage(gradeQuiz, afterGrading) {
  return (model, msg) => {
    const data = model.get("data");
    if (msg.action === "check") {
      const result = gradeQuiz(data, model.get("responses"));
      if (result.status === "graded") {
        const progress = readProgress();
        progress.quizzes[data.id] = { chapter: data.chapter, score: result.score, max: result.max_score };
        writeProgress(progress);
        recordQuiz(data.id, progress.quizzes[data.id]); // to the LMS, if any
        afterGrading(data.id);
      }
      model.set("result", result);
    } else if (msg.action === "reset") {
      model.set("result", {});
    }
  };
}

function checkerMessage(runChecker) {
  return (model, msg) => {
    if (msg.action === "check") model.set("result", runChecker(model.get("rules"), model.get("inputs")));
  };
}

// The checker's rules are published once per page (a JSON block by sphinx_ext); each checker's own block
// holds only its inputs and name.
const pageRules = () => JSON.parse(document.getElementById("stt-checker-rules").textContent);

const readData = (box) => JSON.parse(box.querySelector("script.stt-data").textContent);

async function mount() {
  const quizzes = document.querySelectorAll(".stt-quiz-static");
  if (quizzes.length) {
    const { default: quiz, gradeQuiz } = await import("./quiz.js");
    for (const box of quizzes) {
      const onSend = quizMessage(gradeQuiz, (id) => showLastScore(box, id));
      const data = readData(box);
      quiz.render({ model: new PageModel({ data, responses: {} }, onSend), el: box });
      showLastScore(box, data.id);
    }
  }
  const checkers = document.querySelectorAll(".stt-checker-static");
  if (checkers.length) {
    const { default: checker, runChecker } = await import("./checker.js");
    const onSend = checkerMessage(runChecker);
    const rules = pageRules();
    for (const box of checkers) {
      const { inputs, label } = readData(box);
      checker.render({ model: new PageModel({ rules, inputs, label, link_suffix: ".html" }, onSend), el: box });
    }
  }
}

function mountProgress() {
  const box = document.querySelector(".stt-progress");
  if (!box) return;
  const chapters = readData(box);
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  status.className = "stt-status";
  const draw = () => {
    const progress = readProgress();
    const parts = chapters.map((ch) => {
      let done = 0, score = 0, max = 0;
      const rows = ch.quizzes.map((q) => {
        const p = progress.quizzes[q.id];
        if (p) {
          done += 1; score += p.score; max += p.max;
        }
        return `<tr><td>${q.title}</td><td>${p ? `${p.score} / ${p.max}` : "Not taken yet"}</td></tr>`;
      }).join("");
      const total = done ? `${score} / ${max} in ${done} of ${ch.quizzes.length} quizzes` : "not started";
      return `<section class="stt-progress-chapter" aria-labelledby="stt-pc-${ch.id}">
        <h2 id="stt-pc-${ch.id}">${ch.title}</h2><p class="stt-progress-total">Chapter score: ${total}</p>
        <table class="stt-progress-table"><thead><tr><th scope="col">Quiz</th><th scope="col">Last score</th></tr></thead>
        <tbody>${rows}</tbody></table></section>`;
    });
    const reset = document.createElement("button");
    reset.type = "button";
    reset.className = "stt-reset";
    reset.textContent = "Reset my progress";
    reset.addEventListener("click", () => {
      try {
        window.localStorage.removeItem(PROGRESS_KEY);
      } catch {
        // nothing stored, nothing to clear
      }
      draw();
      status.textContent = "Your progress has been reset.";
      box.querySelector(".stt-reset").focus();
    });
    box.innerHTML = parts.join("");
    box.append(reset, status);
  };
  draw();
}

// In an LMS, its record of progress replaces this browser's.
const restored = startLms();
if (restored) writeProgress({ version: 1, quizzes: restored });
mountProgress();
await mount();
