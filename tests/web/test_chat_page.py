"""The chat page in a real headless Chromium against the live service: the flows a person uses.

Every test also checks (in the `open_page` fixture) that the page logged no console error and sent no request
to any host but 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from service.settings import Settings
from service.slack.feedback import FeedbackLog, export_cases, feedback_dir
from service.tools.flags import FLAG_WORDS
from tests.web.conftest import API_KEY, HOSTILE, HOSTILE_SCRIPT, Opened

pytestmark = pytest.mark.slow
expect.set_options(timeout=60_000)  # answers come from the real model on a shared machine

BACKBONE = "Who operates the US portion of the backbone?"
NUMERIC = (
    "How much Japanese tax is withheld on a ¥1,000,000 dividend paid 2004-09-30 to a US corporation owning 30% "
    "that filed the treaty form in advance?"
)
CLARIFY = "How much Japanese tax is withheld on a dividend to a US individual?"
MAX_RATE = "What is the maximum treaty withholding rate for most shareholders?"


def ask(page: Any, question: str) -> Any:
    """Type a question, send it with Enter, and return its answer once streamed and rendered."""
    before = page.locator("#thread li.assistant").count()
    page.fill("#question", question)
    page.press("#question", "Enter")
    item = page.locator("#thread li.assistant").nth(before)
    expect(item).to_have_attribute("aria-busy", "false")
    return item


def reference(url: str, question: str, history: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """What /v1/ask answers for the same question (the page must show exactly these citations)."""
    response = httpx.post(f"{url}/v1/ask", json={"question": question, "history": history or []}, timeout=120)
    response.raise_for_status()
    answer: dict[str, Any] = response.json()
    return answer


def save_screenshot(page: Any, name: str, tmp_path: Path) -> None:
    """Always taken (a blank page would fail here); copied to $REPORTQA_SCREENSHOTS when set (docs/)."""
    path = tmp_path / name
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    target = os.environ.get("REPORTQA_SCREENSHOTS")
    if target:
        shutil.copy(path, Path(target) / name)


def test_retrieval_answer_is_cited_and_a_marker_highlights_exactly_its_quote(
    web_url: str, open_page: Any, tmp_path: Path
) -> None:
    opened: Opened = open_page(web_url + "/")
    page = opened.page
    expected = reference(web_url, BACKBONE)
    assert expected["route"] == "retrieval"
    assert expected["citations"]

    item = ask(page, BACKBONE)

    expect(item.locator(".route")).to_have_text("Answer from the report")
    expect(item.locator(".sources li")).to_have_count(len(expected["citations"]))
    expect(item.locator(".source-section").first).to_have_text(expected["citations"][0]["section"])
    item.locator(".marker", has_text="[1]").first.click()
    mark = page.locator("#panel #highlight")
    expect(page.locator("#panel")).to_be_visible()
    expect(mark).to_be_in_viewport()
    assert mark.text_content() == expected["citations"][0]["quote"]
    expect(page.locator("#panel-text [role=alert]")).to_have_count(0)  # the page checks the quote too
    expect(page.locator("#panel-title")).to_have_text(
        "Form 20-F for fiscal 2004, Item 10: Additional Information"
    )
    panel, chat = page.locator("#panel").bounding_box(), page.locator("#chat").bounding_box()
    assert panel["x"] >= chat["x"] + chat["width"] - 1, "on a wide screen the report opens beside the chat"
    save_screenshot(page, "web-desktop-1440.png", tmp_path)


def test_numeric_answer_has_a_receipt_with_inputs_flags_in_words_and_clickable_rules(
    web_url: str, open_page: Any, tmp_path: Path
) -> None:
    page = open_page(web_url + "/").page
    expected = reference(web_url, NUMERIC)
    calculation = expected["calculation"]
    rules = httpx.get(f"{web_url}/v1/calculator", timeout=30).json()["rules"]
    text = httpx.get(f"{web_url}/v1/documents/{rules['R-09']['doc_id']}/text", timeout=30).text

    item = ask(page, NUMERIC)

    expect(item.locator(".route")).to_have_text("Calculated")
    item.locator(".receipt summary").click()
    inputs = dict(
        zip(
            item.locator(".inputs dt").all_text_contents(),
            item.locator(".inputs dd").all_text_contents(),
            strict=True,
        )
    )
    assert inputs["voting pct"] == "30"
    assert inputs["gross dividend jpy"] == "1,000,000"
    assert inputs["payment date"] == "2004-09-30"
    assert item.locator(".steps li").count() == len(calculation["steps"])
    flags = item.locator(".flags li").all_text_contents()
    assert flags == [FLAG_WORDS[code] for code in calculation["flags"]]
    expect(item.locator(".rules li")).to_have_count(len(calculation["rules"]))
    item.locator('.rules li[data-rule="R-09"] button').click()
    highlighted = page.locator("#highlight").text_content()
    assert highlighted == rules["R-09"]["quote"] == text[rules["R-09"]["start"] : rules["R-09"]["end"]]
    save_screenshot(page, "web-receipt-1440.png", tmp_path)


def test_clarify_focuses_the_reply_box_and_the_reply_gets_the_figure(web_url: str, open_page: Any) -> None:
    page = open_page(web_url + "/").page

    asked = ask(page, CLARIFY)

    expect(asked.locator(".route")).to_have_text("Needs one more fact")
    expect(page.locator("#reply-hint")).to_be_visible()
    expect(page.locator("#reply-hint")).to_have_text(
        "Replying to: On what date was the dividend paid (day, month and year)?"
    )
    expect(page.locator("#question")).to_be_focused()
    assert page.get_attribute("#question", "aria-describedby") == "reply-hint composer-help"
    with page.expect_request(lambda r: r.url.endswith("/v1/chat/completions")) as sent:
        answered = ask(page, "September 30, 2004")
    messages = json.loads(sent.value.post_data)["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "user"]
    expect(answered.locator(".route")).to_have_text("Calculated")
    expect(answered.locator(".answer-text")).to_contain_text("10%")
    expect(page.locator("#reply-hint")).to_be_hidden()


def test_a_follow_up_is_answered_from_the_thread_and_new_conversation_starts_afresh(
    web_url: str, open_page: Any
) -> None:
    page = open_page(web_url + "/").page
    first = ask(page, MAX_RATE)
    expect(first.locator(".route")).to_have_text("Answer from the report")

    follow_up = ask(page, "what about a pension fund?")

    expect(follow_up.locator(".answer-text")).to_contain_text("pension fund")
    page.click("#new-conversation")
    expect(page.locator("#thread li")).to_have_count(0)
    expect(page.locator("#question")).to_be_focused()
    with page.expect_request(lambda r: r.url.endswith("/v1/chat/completions")) as sent:
        ask(page, BACKBONE)
    assert len(json.loads(sent.value.post_data)["messages"]) == 1


def test_a_wrong_key_is_refused_in_words_and_the_right_key_is_kept_for_the_tab(
    keyed_url: str, open_page: Any
) -> None:
    opened = open_page(keyed_url + "/", allow=("401",))  # the browser logs the refused key's 401
    page = opened.page
    expect(page.locator("#key-form-section")).to_be_visible()
    expect(page.locator("#api-key")).to_be_focused()

    page.fill("#api-key", "not-the-key-0123456789abcdef")
    page.press("#api-key", "Enter")
    expect(page.locator("#key-error")).to_have_text("That key was not accepted. Check it and try again.")
    assert page.evaluate("sessionStorage.length") == 0

    page.fill("#api-key", API_KEY)
    page.press("#api-key", "Enter")
    expect(page.locator("#key-form-section")).to_be_hidden()
    expect(page.locator("#reports")).to_contain_text("Form 20-F for fiscal 2004")
    assert page.evaluate("sessionStorage.getItem('reportqa.apiKey')") == API_KEY
    item = ask(page, BACKBONE)
    expect(item.locator(".route")).to_have_text("Answer from the report")
    item.locator(".marker").first.click()
    expect(page.locator("#highlight")).to_be_visible()

    page.reload()
    expect(page.locator("#reports")).to_contain_text("Form 20-F for fiscal 2004")
    expect(page.locator("#key-form-section")).to_be_hidden()
    assert [e for e in opened.watch.errors if "401" in e], "only the wrong key was refused"


def test_markup_in_a_question_or_in_a_report_shows_as_text_and_never_runs(
    hostile_url: str, open_page: Any
) -> None:
    page = open_page(hostile_url + "/").page
    question = f"What string did the security team write {HOSTILE} {HOSTILE_SCRIPT}?"
    expected = reference(hostile_url, question)
    assert expected["citations"], expected

    item = ask(page, question)

    expect(page.locator("#thread .turn.user .bubble").first).to_have_text(question)
    expect(item.locator(".answer-text")).to_contain_text(HOSTILE)
    item.locator(".marker").first.click()
    expect(page.locator("#highlight")).to_be_visible()
    # offsets count code points; the report has emoji (two UTF-16 units each) before the quote
    assert page.locator("#highlight").text_content() == expected["citations"][0]["quote"]
    expect(page.locator("#panel-title")).to_have_text("<b onmouseover=alert(1)>Hostile</b> report")
    planted = page.evaluate(
        """() => ({
            xss: window.__xss,
            images: [...document.images].map((i) => i.getAttribute('src')).filter((s) => !s.startsWith('/static/')),
            scripts: document.scripts.length,
            bold: document.querySelectorAll('#thread b, #panel b').length,
        })"""
    )
    assert planted == {"xss": None, "images": [], "scripts": 1, "bold": 0}


def test_on_a_375_px_phone_the_page_fits_and_the_report_opens_full_width(
    web_url: str, open_page: Any, tmp_path: Path
) -> None:
    page = open_page(web_url + "/", width=375, height=812).page

    item = ask(page, BACKBONE)

    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    save_screenshot(page, "web-phone-375-answer.png", tmp_path)
    marker = item.locator(".marker").first
    marker.click()
    panel = page.locator("#panel").bounding_box()
    assert (panel["x"], panel["width"]) == (0, 375)
    expect(page.locator("#highlight")).to_be_in_viewport()
    save_screenshot(page, "web-phone-375.png", tmp_path)
    page.click("#panel-close")
    expect(page.locator("#panel")).to_be_hidden()
    expect(marker).to_be_focused()


def test_the_page_works_with_the_keyboard_alone(web_url: str, open_page: Any) -> None:
    page = open_page(web_url + "/").page
    order = []
    for _ in range(4):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id || document.activeElement.className"))
    assert order == ["skip", "new-conversation", "question", "send"]
    assert page.evaluate("document.querySelector('label[for=question]').textContent") == "Your question"

    page.focus("#question")
    page.keyboard.type(BACKBONE)
    page.keyboard.press("Shift+Enter")
    assert page.input_value("#question") == BACKBONE + "\n"
    page.keyboard.press("Enter")
    expect(page.locator("#thread li.assistant")).to_have_attribute("aria-busy", "false")

    page.focus("#new-conversation")
    page.keyboard.press("Tab")
    marker = page.locator("#thread .marker").first
    expect(marker).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "keyboard focus is visible"
    page.keyboard.press("Enter")
    expect(page.locator("#highlight")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#panel")).to_be_hidden()
    expect(marker).to_be_focused()
    assert page.get_attribute("#thread", "aria-live") == "polite"


def test_thumbs_up_is_stored_where_feedback_export_reads_it(
    web_url: str, web_settings: Settings, open_page: Any
) -> None:
    page = open_page(web_url + "/").page
    item = ask(page, BACKBONE)

    item.locator(".rate-up").click()

    expect(item.locator(".feedback-status")).to_have_text("Thanks — recorded for review.")
    expect(item.locator(".rate-up")).to_have_attribute("aria-pressed", "true")
    clicks = [
        c for c in FeedbackLog(feedback_dir(web_settings.data_dir)).clicks() if c["question"] == BACKBONE
    ]
    assert clicks
    assert clicks[-1]["rating"] == "up"
    assert clicks[-1]["channel"] == "web"
    assert clicks[-1]["citations"][0]["quote"].startswith("On March 25, 2004")
    skeletons, skipped = export_cases(clicks, "up")
    assert BACKBONE in skeletons
    assert skipped == 0


def test_dark_scheme_is_followed(web_url: str, open_page: Any, tmp_path: Path) -> None:
    page = open_page(web_url + "/", scheme="dark").page
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(part) for part in background[background.index("(") + 1 : -1].split(",")[:3])
    assert max(red, green, blue) < 60, background
    ask(page, CLARIFY)
    expect(page.locator("#question")).to_be_focused()
    save_screenshot(page, "web-dark-clarify-1440.png", tmp_path)


def test_a_question_no_report_answers_is_labelled_the_report_does_not_say(
    web_url: str, open_page: Any
) -> None:
    page = open_page(web_url + "/").page

    item = ask(page, "What is IIJ's share price today?")

    expect(item.locator(".route")).to_have_text("The report does not say")
    expect(item).to_have_attribute("data-route", "out_of_scope")
    expect(page.locator("#status")).to_have_text("Answer ready: The report does not say.")


def test_a_quote_that_no_longer_matches_the_report_is_flagged_not_silently_highlighted(
    web_url: str, open_page: Any
) -> None:
    page = open_page(web_url + "/").page
    result = page.evaluate(
        """async () => {
            const panel = await import('/static/panel.js');
            await panel.openPassage(
                {doc_id: 'iij-20f-fy2004-item10', section: 'C. Material Contracts', start: 0, end: 9,
                 quote: 'not these words'}, 'Report', document.body);
            return {
                alert: document.querySelector('#panel-text [role=alert]').textContent,
                units: [panel.toUnits('a🎉b', 1), panel.toUnits('a🎉b', 2), panel.toUnits('plain', 3)],
            };
        }"""
    )
    assert result["alert"].startswith("The report has changed since this answer")
    assert result["units"] == [1, 3, 3]
