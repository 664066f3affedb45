// SCORM 1.2: the launch page holds the visit's one LMS session; the book's pages report to it.

export const SESSION = "sttLms"; // on the launch page's window

// another site's window throws
export function peek(win, name) {
  try {
    return win[name];
  } catch {}
}

// at most 7, as the standard discovery
export function ancestors(win) {
  const up = [];
  for (let w = win; up.length < 7 && w.parent !== w; w = w.parent) up.push(w.parent);
  return up;
}

// this window and its parents, then its opener's
export function findApi(win) {
  const find = (w) => [w, ...ancestors(w)].map((x) => peek(x, "API")).find((a) => a?.LMSInitialize);
  return find(win) || (peek(win, "opener") && find(win.opener));
}

// cmi.suspend_data: {"v":1,"q":{"<quiz id>":[score,max]}}
export function decodeProgress(text) {
  const out = {};
  try {
    const raw = JSON.parse(text);
    for (const [id, [score, max]] of Object.entries(raw.v === 1 ? raw.q : {})) {
      if (Number.isInteger(score + max) && score >= 0 && score <= max && max) out[id] = { score, max };
    }
  } catch {}
  return out;
}

// course: {quizzes, final}: chapter and final-assessment quiz ids
export function lessonResult(quizzes, course, mastery) {
  const taken = (id) => id in quizzes;
  if (!course.final.length || !course.final.every(taken)) {
    return { status: course.quizzes.every(taken) ? "completed" : "incomplete" };
  }
  const sum = (k) => course.final.reduce((s, id) => s + quizzes[id][k], 0);
  const score = Math.round((1e4 * sum("score")) / sum("max")) / 100;
  return { status: score >= mastery ? "passed" : "failed", score };
}

export function openSession(api, course) {
  const started = Date.now();
  const get = (el) => api.LMSGetValue(el);
  const set = (el, v) => api.LMSSetValue(el, String(v));
  const lms = parseFloat(get("cmi.student_data.mastery_score")); // else the package's
  const mastery = lms >= 0 && lms <= 100 ? lms : course.mastery;
  const quizzes = decodeProgress(get("cmi.suspend_data"));
  const report = () => {
    const { status, score } = lessonResult(quizzes, course, mastery);
    if (score !== undefined) {
      for (const [k, v] of [["min", 0], ["max", 100], ["raw", score]]) set(`cmi.core.score.${k}`, v);
    }
    set("cmi.core.lesson_status", status);
  };
  if (["", "not attempted"].includes(get("cmi.core.lesson_status"))) report(); // a return keeps it
  return {
    quizzes,
    record: (id, score, max) => {
      quizzes[id] = { score, max };
      const q = {};
      for (const [k, e] of Object.entries(quizzes)) q[k] = [e.score, e.max];
      set("cmi.suspend_data", JSON.stringify({ v: 1, q })); // < 4,096: stt_course.book.scorm checks
      report();
      api.LMSCommit("");
    },
    finish: () => {
      set("cmi.core.exit", "suspend"); // progress kept for the next visit
      const ms = Math.min(Date.now() - started, 86399990); // HH:MM:SS.SS
      set("cmi.core.session_time", new Date(ms).toISOString().slice(11, 22));
      api.LMSCommit("");
      api.LMSFinish("");
    },
  };
}

// Only on the launch page: the LMS's record of progress, or null (no LMS: the plain book)
export function startLms() {
  const data = document.getElementById("stt-scorm-course");
  if (!data) return null;
  const course = JSON.parse(data.textContent);
  const api = findApi(window);
  if (String(api?.LMSInitialize("")) !== "true") {
    location.replace(course.start);
    return null;
  }
  const session = (window[SESSION] = openSession(api, course));
  addEventListener("pagehide", session.finish, { once: true });
  Object.assign(document.querySelector(".stt-scorm-frame"), { src: course.start, hidden: false });
  return session.quizzes;
}

export function recordQuiz(id, entry) {
  ancestors(window).map((w) => peek(w, SESSION)).find((s) => s?.record)?.record(id, entry.score, entry.max);
}
