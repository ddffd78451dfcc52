"""Browser tests: Playwright drives Debian's Chromium; axe-core checks pages.

When Chromium is missing, these tests are skipped with one line saying why;
with KEYRING_REQUIRE_BROWSER=1 (set by .ci/run) that skip is a failure.
"""

from __future__ import annotations

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API in tests

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _chromium_path() -> str | None:
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
    )


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module. Not per session: Playwright's sync API
    keeps an event loop running in this thread while it is open, and Django
    refuses to call async views (such as /health/) from a thread like that,
    so it must be closed before the next module's tests run."""
    path = _chromium_path()
    if path is None:
        reason = "Chromium is not installed (apt-get install chromium): browser tests skipped."
        if os.environ.get("KEYRING_REQUIRE_BROWSER") == "1":
            pytest.fail(reason.replace("skipped", "required by KEYRING_REQUIRE_BROWSER=1"))
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A 360 x 740 phone, touch enabled."""
    context = browser.new_context(
        viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (WCAG 2.2 AA rules) on the page; return serious and
    critical violations as {id, impact, nodes} for a readable failure."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result.response["violations"]
        if v["impact"] in impacts
    ]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], violations


def assert_fits_phone(page) -> None:
    """Nothing makes the page scroll sideways at 360 px."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"page is {overflow}px wider than the phone"


def sign_in(page, live_server, email: str, password: str, totp_secret: str | None = None) -> None:
    """Sign in through the real pages; with ``totp_secret``, also answer the
    two-step code page as an authenticator app would."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    if totp_secret:
        from keyring_net.two_step import current_code

        page.wait_for_url("**/2fa/authenticate/")
        page.fill("input[name=code]", current_code(totp_secret))
        page.click("button[type=submit]")


# Easy read (REFERENCE §1.1): one idea per row, a picture on the left of
# each, sentences of 15 words at most, text at least 14 pt (18.66 px), left
# aligned, no italics.
EASY_READ_CHECK = """() => {
  const rows = [...document.querySelectorAll('.easy-read .easy-read__row')];
  return rows.map((row) => {
    const text = row.querySelector('.easy-read__text');
    const pictures = row.querySelectorAll('img, svg.easy-read__picture');
    const picture = pictures[0];
    const words = (text ? text.childNodes : []);
    let said = '';
    for (const node of words) {
      const spoken = node.nodeType === 3 || (node.tagName && node.tagName !== 'BUTTON');
      if (spoken) said += node.textContent;
    }
    const style = text ? getComputedStyle(text) : null;
    const p = picture ? picture.getBoundingClientRect() : null;
    const t = text ? text.getBoundingClientRect() : null;
    return {
      said: said.trim(),
      pictures: pictures.length,
      fontSize: style ? parseFloat(style.fontSize) : 0,
      align: style ? style.textAlign : '',
      italic: style ? style.fontStyle : '',
      pictureLeft: p && t ? p.right <= t.left + 1 : false,
      pictureAbove: p && t ? p.bottom <= t.top + 1 : false,
    };
  });
}"""


def assert_easy_read(page) -> None:
    import re

    rows = page.evaluate(EASY_READ_CHECK)
    assert rows, "no easy-read rows on the page"
    for row in rows:
        said = row["said"]
        assert row["pictures"] == 1, f"one picture per idea: {said!r}"
        assert row["pictureLeft"] or row["pictureAbove"], f"picture beside the words: {said!r}"
        assert row["fontSize"] >= 18.66, f"text too small ({row['fontSize']}px): {said!r}"
        assert row["align"] in ("left", "start"), said
        assert row["italic"] == "normal", said
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", said) if s.strip()]
        for sentence in sentences:
            assert len(sentence.split()) <= 15, f"sentence over 15 words: {sentence!r}"
        assert "%" not in said, f"no percentages in easy read: {said!r}"


FAKE_SPEECH = """
(() => {
  window.__spoken = [];
  const voice = { lang: 'en-GB', name: 'Test voice', default: true, localService: true };
  const synth = {
    getVoices: () => [voice],
    speak: (u) => window.__spoken.push({ text: u.text, lang: u.lang }),
    cancel: () => {},
    addEventListener: () => {},
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; };
})();
"""


def with_fake_voice(context) -> None:
    """Headless Chromium has no voices: give the page one that records what
    it is asked to say (REFERENCE §1.3)."""
    context.add_init_script(FAKE_SPEECH)
