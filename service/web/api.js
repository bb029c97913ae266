// Talking to the service: the API key kept for this tab, JSON calls, and streamed chat completions.

const KEY_STORAGE = "reportqa.apiKey";
export const SOURCES_HEADER = "\n\nSources:\n";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function storedKey() {
  return sessionStorage.getItem(KEY_STORAGE) || "";
}

export function storeKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

function headers(extra = {}, key = storedKey()) {
  const all = { ...extra };
  if (key) all.Authorization = `Bearer ${key}`;
  return all;
}

async function failure(response) {
  let code = "http_error";
  let message = `The service answered ${response.status}.`;
  try {
    const body = await response.json();
    if (body && body.error) {
      code = body.error.code || code;
      message = body.error.message || message;
    }
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(response.status, code, message);
}

export async function getJSON(path, key) {
  const response = await fetch(path, { headers: headers({ Accept: "application/json" }, key) });
  if (!response.ok) throw await failure(response);
  return response.json();
}

export async function postJSON(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: headers({ "Content-Type": "application/json", Accept: "application/json" }),
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await failure(response);
  return response.json();
}

export async function getText(path) {
  // The browser's HTTP cache revalidates with the ETag (If-None-Match → 304).
  const response = await fetch(path, { headers: headers({ Accept: "text/plain" }) });
  if (!response.ok) throw await failure(response);
  return response.text();
}

// The visible answer while it streams: the text before the source list the API appends for plain clients.
export function answerPart(text) {
  const at = text.indexOf(SOURCES_HEADER);
  if (at >= 0) return text.slice(0, at);
  for (let n = Math.min(SOURCES_HEADER.length - 1, text.length); n > 0; n--) {
    if (SOURCES_HEADER.startsWith(text.slice(text.length - n))) return text.slice(0, text.length - n);
  }
  return text;
}

// POST /v1/chat/completions with stream: true; onText gets the answer so far, the result is the reportqa field.
export async function streamChat(messages, onText) {
  const response = await fetch("/v1/chat/completions", {
    method: "POST",
    headers: headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
    body: JSON.stringify({ model: "reportqa", stream: true, messages }),
  });
  if (!response.ok) throw await failure(response);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let text = "";
  let fields = null;
  for (;;) {
    const { value, done } = await reader.read();
    buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).trimStart())
        .join("\n");
      if (!data || data === "[DONE]") continue;
      const chunk = JSON.parse(data);
      const choice = chunk.choices && chunk.choices[0];
      if (choice && choice.delta && choice.delta.content) {
        text += choice.delta.content;
        onText(answerPart(text));
      }
      if (chunk.reportqa) fields = chunk.reportqa;
    }
    if (done) break;
  }
  if (!fields) throw new ApiError(0, "incomplete", "The answer was cut off; please ask again.");
  return { text: answerPart(text), fields };
}
