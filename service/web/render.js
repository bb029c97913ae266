// Building the thread's elements. Every piece of text goes in as text (textContent / text nodes), never as HTML.

export const ROUTE_LABELS = {
  retrieval: "Answer from the report",
  calculator: "Calculated",
  clarify: "Needs one more fact",
  out_of_scope: "The report does not say",
};

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function words(key) {
  return String(key).replaceAll("_", " ");
}

function shown(value) {
  if (value === true) return "yes";
  if (value === false) return "no";
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") return value.toLocaleString("en-US");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function citationFor(citations, number) {
  return citations.find((c) => c.id === `c${number}`) || citations[number - 1] || null;
}

// The answer text with each [n] turned into a button that opens citation n.
export function answerWithMarkers(text, citations, openCitation) {
  const paragraph = el("p", { className: "answer-text" });
  let last = 0;
  for (const match of text.matchAll(/\[(\d+)\]/g)) {
    const citation = citationFor(citations, Number(match[1]));
    if (!citation) continue;
    paragraph.append(document.createTextNode(text.slice(last, match.index)));
    const marker = el("button", {
      type: "button",
      className: "marker",
      text: `[${match[1]}]`,
      "aria-label": `Source ${match[1]}: ${citation.section}`,
    });
    marker.addEventListener("click", () => openCitation(citation, marker));
    paragraph.append(marker);
    last = match.index + match[0].length;
  }
  paragraph.append(document.createTextNode(text.slice(last)));
  return paragraph;
}

export function sourceList(citations, openCitation) {
  const list = el("ol", { className: "sources", "aria-label": "Sources" });
  citations.forEach((citation, index) => {
    const button = el(
      "button",
      { type: "button", className: "source", "data-citation": citation.id },
      el("span", { className: "source-number", text: `[${index + 1}]` }),
      el("span", { className: "source-section", text: citation.section }),
      el("span", { className: "source-quote", text: `“${citation.quote.split(/\s+/).join(" ")}”` }),
    );
    button.addEventListener("click", () => openCitation(citation, button));
    list.append(el("li", {}, button));
  });
  return list;
}

// The calculator's receipt: inputs as read from the question, steps, flags in words, rules with their quotes.
export function receipt(calculation, vocabulary, openPassage) {
  const details = el("details", { className: "receipt" });
  details.append(el("summary", { text: `Calculation receipt · ${calculation.function} · ${calculation.status}` }));

  const inputs = Object.entries(calculation.inputs || {});
  details.append(el("h4", { text: "Inputs, as read from the question" }));
  if (inputs.length) {
    const list = el("dl", { className: "inputs" });
    for (const [name, value] of inputs) list.append(el("dt", { text: words(name) }), el("dd", { text: shown(value) }));
    details.append(list);
  } else {
    details.append(el("p", { text: "None were read." }));
  }

  if ((calculation.steps || []).length) {
    details.append(el("h4", { text: "Steps" }));
    details.append(el("ol", { className: "steps" }, ...calculation.steps.map((step) => el("li", { text: step }))));
  }

  if ((calculation.flags || []).length) {
    details.append(el("h4", { text: "What this assumes or leaves out" }));
    const flags = el("ul", { className: "flags" });
    for (const code of calculation.flags) {
      const meaning = (vocabulary && vocabulary.flags[code]) || words(code).toLowerCase();
      flags.append(el("li", { "data-flag": code, text: meaning }));
    }
    details.append(flags);
  }

  if ((calculation.rules || []).length) {
    details.append(el("h4", { text: "Rules applied" }));
    const rules = el("ul", { className: "rules" });
    for (const id of calculation.rules) {
      const rule = vocabulary && vocabulary.rules[id];
      const item = el("li", { "data-rule": id });
      if (rule && rule.doc_id !== null && rule.start !== null) {
        const button = el(
          "button",
          { type: "button", className: "rule-quote" },
          el("span", { className: "rule-id", text: id }),
          el("span", { className: "source-quote", text: `“${rule.quote.split(/\s+/).join(" ")}”` }),
        );
        button.addEventListener("click", () => openPassage(rule, button));
        item.append(button);
      } else {
        item.append(el("span", { className: "rule-id", text: id }), document.createTextNode(rule ? ` “${rule.quote}”` : ""));
      }
      rules.append(item);
    }
    details.append(rules);
  }
  return details;
}

export function routeLabel(route) {
  return el("span", { className: `route route-${route}`, text: ROUTE_LABELS[route] || route });
}
