// The chat page: a conversation with the report, streamed answers, citations opened in the report beside it.

import { ApiError, getJSON, postJSON, storeKey, storedKey, streamChat } from "./api.js";
import { closePanel, installPanel, openPassage } from "./panel.js";
import { answerWithMarkers, el, receipt, routeLabel, sourceList } from "./render.js";

const $ = (id) => document.getElementById(id);
const state = {
  history: [], // {role, content} turns sent back with each question, so follow-ups work
  titles: new Map(), // doc_id -> report title
  vocabulary: null, // promise of GET /v1/calculator (rule quotes with offsets, flags in words)
  busy: false,
  conversation: 0, // bumped by "new conversation" so a late answer does not land in a new thread
};

function say(message) {
  $("status").textContent = message;
}

function showReports(documents) {
  state.titles = new Map(documents.map((d) => [d.doc_id, d.title || `${d.company} ${d.form} ${d.fiscal_year || ""}`.trim()]));
  $("reports").textContent = documents.length
    ? `Asking: ${[...state.titles.values()].join(" · ")}`
    : "No report is ingested yet: run `reportqa ingest`.";
}

function showKeyForm(message) {
  $("key-form-section").hidden = false;
  const error = $("key-error");
  error.hidden = !message;
  error.textContent = message || "";
  $("api-key").focus();
}

async function loadReports(key) {
  try {
    const body = await getJSON("/v1/documents", key);
    showReports(body.documents);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      $("reports").textContent = "An API key is needed.";
      return false;
    }
    if (error instanceof ApiError && error.status === 503) {
      $("reports").textContent = "The service is starting; the reports will show in a moment.";
      setTimeout(() => loadReports(), 2000);
      return true;
    }
    $("reports").textContent = `The reports could not be listed: ${error.message}`;
    return true;
  }
}

async function useKey(event) {
  event.preventDefault();
  const key = $("api-key").value.trim();
  if (!key) return;
  try {
    const body = await getJSON("/v1/documents", key);
    storeKey(key);
    $("api-key").value = "";
    $("key-form-section").hidden = true;
    $("key-error").hidden = true;
    showReports(body.documents);
    say("Key accepted.");
    $("question").focus();
  } catch (error) {
    const wrong = error instanceof ApiError && error.status === 401;
    showKeyForm(wrong ? "That key was not accepted. Check it and try again." : `The key could not be checked: ${error.message}`);
  }
}

function vocabulary() {
  if (!state.vocabulary) {
    state.vocabulary = getJSON("/v1/calculator").catch(() => {
      state.vocabulary = null;
      return null;
    });
  }
  return state.vocabulary;
}

function openCitation(passage, opener) {
  openPassage(passage, state.titles.get(passage.doc_id), opener);
}

function feedbackControls(record) {
  const group = el("div", { className: "feedback", role: "group", "aria-label": "Was this answer right?" });
  const status = el("span", { className: "feedback-status", role: "status" });
  // 👍/👎 drawn as icons (an emoji font is not always installed), named in words for everyone
  const buttons = [
    ["up", "Helpful"],
    ["down", "Not right"],
  ].map(([rating, words]) => {
    const button = el(
      "button",
      { type: "button", className: `rate rate-${rating}`, "aria-pressed": "false" },
      el("img", { src: `/static/thumb-${rating}.svg`, alt: "", width: "18", height: "18" }),
      el("span", { text: words }),
    );
    button.addEventListener("click", async () => {
      buttons.forEach((b) => (b.disabled = true));
      try {
        await postJSON("/v1/feedback", { rating, ...record });
        button.setAttribute("aria-pressed", "true");
        status.textContent = "Thanks — recorded for review.";
      } catch (error) {
        buttons.forEach((b) => (b.disabled = false));
        status.textContent = `Not recorded: ${error.message}`;
      }
    });
    return button;
  });
  group.append(...buttons, status);
  return group;
}

async function showAnswer(item, question, history, text, fields) {
  const calculation = fields.calculation;
  const vocab = calculation ? await vocabulary() : null;
  const parts = [routeLabel(fields.route), answerWithMarkers(text, fields.citations, openCitation)];
  if (fields.route === "clarify" && fields.missing.length) {
    parts.push(el("p", { className: "missing", text: `Needed: ${fields.missing.map((m) => m.replaceAll("_", " ")).join(", ")}` }));
  }
  if (calculation && calculation.status !== "NEED_INFO") parts.push(receipt(calculation, vocab, openCitation));
  if (fields.citations.length) {
    parts.push(el("h3", { className: "sources-title", text: "Sources" }), sourceList(fields.citations, openCitation));
  }
  parts.push(
    feedbackControls({
      question,
      history,
      answer: text,
      route: fields.route,
      citations: fields.citations,
      calculation: calculation || null,
    }),
  );
  item.replaceChildren(...parts);
  item.setAttribute("data-route", fields.route);
  item.setAttribute("aria-busy", "false");
}

function clarifyHint(text, missing) {
  const hint = $("reply-hint");
  if (text === null) {
    hint.hidden = true;
    hint.textContent = "";
    $("question").setAttribute("aria-describedby", "composer-help");
    $("question").placeholder = "e.g. Who operates the US portion of the backbone?";
    return;
  }
  const plain = text.replace(/\s*\[\d+\]/g, "");
  const question = plain.match(/[^.?!:]*\?/); // the sentence that asks for the fact, else the whole answer
  hint.textContent = `Replying to: ${question ? question[0].trim() : plain}`;
  hint.hidden = false;
  $("question").setAttribute("aria-describedby", "reply-hint composer-help"); // read out with the box
  $("question").placeholder = missing.length ? `Your reply (${missing.map((m) => m.replaceAll("_", " ")).join(", ")})` : "Your reply";
  $("question").focus();
}

async function ask(question) {
  if (state.busy) return;
  state.busy = true;
  $("send").disabled = true;
  $("intro").hidden = true;
  clarifyHint(null);
  const conversation = state.conversation;
  const history = state.history.slice();
  const thread = $("thread");
  thread.append(el("li", { className: "turn user" }, el("p", { className: "bubble", text: question })));
  const streaming = el("p", { className: "answer-text" });
  const item = el("li", { className: "turn assistant", "aria-busy": "true" }, el("span", { className: "route", text: "Answering…" }), streaming);
  thread.append(item);
  item.scrollIntoView({ block: "nearest" });
  say("Answering…");
  try {
    const { text, fields } = await streamChat([...history, { role: "user", content: question }], (sofar) => {
      streaming.textContent = sofar;
    });
    if (conversation !== state.conversation) return;
    state.history.push({ role: "user", content: question }, { role: "assistant", content: text });
    await showAnswer(item, question, history, text, fields);
    say(`Answer ready: ${routeLabel(fields.route).textContent}.`);
    if (fields.route === "clarify") clarifyHint(text, fields.missing);
  } catch (error) {
    if (conversation !== state.conversation) return;
    item.setAttribute("aria-busy", "false");
    item.classList.add("failed");
    const unauthorized = error instanceof ApiError && error.status === 401;
    item.replaceChildren(
      el("p", { className: "error", role: "alert", text: unauthorized ? "Your API key was not accepted; enter a valid key and ask again." : error.message }),
    );
    if (unauthorized) {
      storeKey("");
      showKeyForm("That key was not accepted. Check it and try again.");
    }
    $("question").value = question;
  } finally {
    if (conversation === state.conversation) {
      state.busy = false;
      $("send").disabled = false;
    }
  }
}

function newConversation() {
  state.conversation += 1;
  state.history = [];
  state.busy = false;
  $("send").disabled = false;
  $("thread").replaceChildren();
  $("intro").hidden = false;
  clarifyHint(null);
  closePanel();
  say("New conversation.");
  $("question").value = "";
  $("question").focus();
}

function install() {
  installPanel();
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const question = $("question").value.trim();
    if (!question) return;
    $("question").value = "";
    ask(question);
  });
  $("question").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("new-conversation").addEventListener("click", newConversation);
  $("key-form").addEventListener("submit", useKey);
  const keysNeeded = document.querySelector('meta[name="reportqa-auth"]').content === "bearer";
  if (keysNeeded && !storedKey()) {
    $("reports").textContent = "An API key is needed.";
    showKeyForm("");
    return;
  }
  loadReports(storedKey()).then((ok) => {
    if (!ok) showKeyForm(storedKey() ? "The saved key is no longer accepted; enter a valid key." : "");
  });
}

install();
