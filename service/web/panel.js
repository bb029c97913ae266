// The report beside the chat: its text with exactly [start, end) highlighted, scrolled into view.

import { getText } from "./api.js";

const panel = () => document.getElementById("panel");
let returnFocus = null;

// Citation offsets count Unicode code points (Python string indices); JavaScript strings count UTF-16 units.
export function toUnits(text, codePoints) {
  if (!/[\uD800-\uDFFF]/.test(text)) return codePoints;
  let units = 0;
  for (let seen = 0; seen < codePoints && units < text.length; seen++) {
    const code = text.codePointAt(units);
    units += code > 0xffff ? 2 : 1;
  }
  return units;
}

export function closePanel() {
  const aside = panel();
  if (aside.hidden) return;
  aside.hidden = true;
  document.body.classList.remove("panel-open");
  if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
  returnFocus = null;
}

// passage: {doc_id, section, start, end, quote}; title: the report's name; opener: the control to refocus on close.
export async function openPassage(passage, title, opener) {
  const aside = panel();
  const body = document.getElementById("panel-text");
  document.getElementById("panel-title").textContent = title || passage.doc_id;
  document.getElementById("panel-section").textContent = passage.section || "";
  returnFocus = opener || document.activeElement;
  aside.hidden = false;
  document.body.classList.add("panel-open");
  body.replaceChildren(document.createTextNode("Loading the report…"));
  body.setAttribute("aria-busy", "true");
  let text;
  try {
    text = await getText(`/v1/documents/${encodeURIComponent(passage.doc_id)}/text`);
  } catch (error) {
    body.replaceChildren(document.createTextNode(`The report could not be loaded: ${error.message}`));
    body.setAttribute("aria-busy", "false");
    return;
  }
  const start = toUnits(text, passage.start);
  const end = toUnits(text, passage.end);
  const mark = document.createElement("mark");
  mark.id = "highlight";
  mark.tabIndex = -1;
  mark.textContent = text.slice(start, end);
  body.replaceChildren(document.createTextNode(text.slice(0, start)), mark, document.createTextNode(text.slice(end)));
  body.setAttribute("aria-busy", "false");
  if (passage.quote !== undefined && mark.textContent !== passage.quote) {
    // the report was ingested again since this answer: say so rather than highlight the wrong words
    const warning = document.createElement("p");
    warning.className = "error";
    warning.setAttribute("role", "alert");
    warning.textContent = "The report has changed since this answer: the highlighted text no longer matches the quote. Ask again.";
    body.prepend(warning);
  }
  mark.scrollIntoView({ block: "center" });
  mark.focus({ preventScroll: true });
}

export function installPanel() {
  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel().hidden) closePanel();
  });
}
