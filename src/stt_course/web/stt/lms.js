// The course in an LMS (SCORM 1.2). Only the package's launch page talks to the LMS, with one session
// for the whole visit (SCORM 1.2 allows one LMSInitialize and one LMSFinish) and the book in a frame;
// the book's pages report each checked quiz to that session. With no LMS, nothing here runs.

export const SUSPEND_LIMIT = 4096; // SCORM 1.2's cap on cmi.suspend_data
export const SESSION = "sttLms"; // the launch page's session, on its window
export const MAX_DEPTH = 7; // how many frames up to look (the standard discovery's limit)

// A window's property; undefined for another site's window, which throws.
export function peek(win, name) {
  try {
    return win[name];
  } catch {
    return undefined;
  }
}

// The windows above `win`, nearest first (window.parent is readable across sites).
export function ancestors(win) {
  const up = [];
  for (let w = win; up.length < MAX_DEPTH && w.parent && w.parent !== w; w = w.parent) up.push(w.parent);
  return up;
}

// SCORM 1.2 discovery: this window and its parents, then its opener and the opener's parents.
export function findApi(win) {
  const search = (w) => [w, ...ancestors(w)].map((x) => peek(x, "API")).find((a) => a?.LMSInitialize);
  const opener = peek(win, "opener");
  return search(win) || (opener && search(opener)) || null;
}

// cmi.suspend_data is {"v":1,"q":{"<quiz id>":[score,max]}}; anything else restores nothing.
export function encodeProgress(quizzes) {
  const q = {};
  for (const [id, e] of Object.entries(quizzes)) q[id] = [e.score, e.max];
  return JSON.stringify({ v: 1, q });
}

export function decodeProgress(text) {
  const out = {};
  let raw;
  try {
    raw = JSON.parse(text);
  } catch {
    return out;
  }
  for (const [id, p] of Object.entries(raw?.v === 1 && raw.q instanceof Object ? raw.q : {})) {
    const [score, max] = Array.isArray(p) ? p : [];
    if (Number.isInteger(score) && Number.isInteger(max) && score >= 0 && score <= max && max > 0) {
      out[id] = { score, max };
    }
  }
  return out;
}

// passed/failed (the final assessment's score in %) once the final is checked; completed once every
// chapter quiz is; else incomplete. chapters: [{id, quizzes: [ids], final?: true}].
export function lessonResult(quizzes, chapters, mastery) {
  const taken = (id) => id in quizzes;
  const ids = (final) => chapters.filter((c) => !c.final === !final).flatMap((c) => c.quizzes);
  const final = ids(true);
  if (final.length && final.every(taken)) {
    const sum = (k) => final.reduce((s, id) => s + quizzes[id][k], 0);
    const score = Math.round((10000 * sum("score")) / sum("max")) / 100;
    return { status: score >= mastery ? "passed" : "failed", score };
  }
  return { status: ids(false).every(taken) ? "completed" : "incomplete" };
}

// CMITimespan HHHH:MM:SS.SS
export function sessionTime(ms) {
  const cs = Math.round(ms / 10);
  const p = (n, w = 2) => String(n).padStart(w, "0");
  const h = Math.min(9999, Math.floor(cs / 360000));
  return `${p(h, 4)}:${p(Math.floor(cs / 6000) % 60)}:${p(Math.floor(cs / 100) % 60)}.${p(cs % 100)}`;
}

// The session: restores progress, records each checked quiz (then commits), finishes once.
// course: {chapters, mastery} (the package's; the LMS's mastery score wins if it gives one).
export function openSession(api, course) {
  const started = Date.now();
  const get = (el) => String(api.LMSGetValue(el) ?? "");
  const set = (el, v) => api.LMSSetValue(el, String(v));
  const lmsMastery = Number.parseFloat(get("cmi.student_data.mastery_score"));
  const mastery = lmsMastery >= 0 && lmsMastery <= 100 ? lmsMastery : course.mastery;
  const quizzes = decodeProgress(get("cmi.suspend_data"));
  let done = false;
  const report = () => {
    const r = lessonResult(quizzes, course.chapters, mastery);
    if (r.score !== undefined) {
      set("cmi.core.score.min", 0);
      set("cmi.core.score.max", 100);
      set("cmi.core.score.raw", r.score);
    }
    set("cmi.core.lesson_status", r.status);
  };
  if (["", "not attempted"].includes(get("cmi.core.lesson_status"))) report(); // a return visit keeps it
  return {
    // The restored progress in the book's shape (see boot.js).
    restored: () => {
      const out = {};
      for (const c of course.chapters) for (const id of c.quizzes) if (quizzes[id]) out[id] = { chapter: c.id, ...quizzes[id] };
      return out;
    },
    record: (id, score, max) => {
      if (done) return;
      quizzes[id] = { score, max };
      const data = encodeProgress(quizzes);
      if (data.length <= SUSPEND_LIMIT) set("cmi.suspend_data", data);
      report();
      api.LMSCommit("");
    },
    finish: () => {
      if (done) return;
      done = true;
      set("cmi.core.exit", "suspend"); // keeps the learner's progress for their next visit
      set("cmi.core.session_time", sessionTime(Date.now() - started));
      api.LMSCommit("");
      api.LMSFinish("");
    },
  };
}

// Start-up, on every page; only the launch page acts. With an LMS: open the session, show the book in
// the frame, return the progress the LMS holds. Without one: go to the plain book.
export function startLms(doc) {
  const block = doc.getElementById("stt-scorm-course");
  const frame = doc.querySelector("iframe.stt-scorm-frame");
  if (!block || !frame) return null;
  const win = doc.defaultView;
  const course = JSON.parse(block.textContent);
  const api = findApi(win);
  if (!api || String(api.LMSInitialize("")) !== "true") {
    win.location.replace(course.start);
    return null;
  }
  const session = (win[SESSION] = openSession(api, course));
  win.addEventListener("pagehide", session.finish);
  frame.src = course.start;
  frame.hidden = false;
  doc.querySelector(".stt-scorm-wait").hidden = true;
  return session.restored();
}

// After a quiz is checked: tell the launch page's session, if the page is in its frame.
export function recordQuiz(id, entry, win) {
  const session = ancestors(win).map((w) => peek(w, SESSION)).find((s) => s?.record);
  session?.record(id, entry.score, entry.max);
}
