// The one DOM helper of quiz.js and checker.js: h("p", { class: "x", text: "…" }, child, …).
// "text" sets the text; "html" sets markup (only bank and rules text, which Python escaped and marked up:
// stt_course.markup); "on…" adds a listener; true gives an empty attribute; undefined, null and false none.
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "html") node.innerHTML = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) node.append(c);
  return node;
}
