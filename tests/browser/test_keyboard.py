"""Keyboard and touch: the site used with Tab, arrows and Enter, and tapped with a thumb on a small phone.

A reader with a keyboard (a phone with one attached, a laptop zoomed until the phone layout shows, a
switch device) must see where focus is at every step and reach everything a tap reaches. On a phone,
the things a migrant taps most (call buttons, the header buttons, "save for offline") must be at least
44×44 CSS pixels; links inside running text are exempt, as WCAG allows.

Sizes and visibility are measured on the rendered page (getBoundingClientRect, elementFromPoint),
after letting the theme's transitions finish.
"""
from __future__ import annotations

from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page

from scripts.site.languages import codes, language_prefix
from tests.browser.conftest import PHONE, screenshot

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
PAGES = {"home": "", "booklet": "health/tb/", "directory": "contacts/kyrgyzstan/"}
LANGUAGES = ["ky", "tg"]
SAMPLED_STOPS = 40          # every check on the first stops; after them, only visibility, up to the footer
MAX_STOPS = 400             # a page with more stops than this before its footer is a keyboard trap
MIN_TAP = 44

# What the focused element looks like, once the theme's transitions have finished. A radio button of
# the type filter is visually hidden: its focus ring is drawn around the filter's chips instead.
FOCUS_STATE = """async () => {
  const settle = () => { for (const a of document.getAnimations()) a.finish(); };
  const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + [...e.classList].filter(c => c !== 'focus-visible').map(c => '.' + c).join('')
    + (e.getAttribute('href') ? `[href="${e.getAttribute('href').slice(0, 60)}"]` : '')
    + (e.textContent.trim() ? ` "${e.textContent.trim().replace(/\\s+/g, ' ').slice(0, 30)}"` : '');
  const measure = () => {
    settle();
    const el = document.activeElement;
    const shown = el.matches('.directory__choice') ? el.parentElement.querySelector('.directory__filter') : el;
    const style = getComputedStyle(shown);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    // On screen: some part of it is inside the window and is what a tap there would hit (not covered).
    let onScreen = false, covered = null;
    for (const r of shown.getClientRects()) {
      if (r.width < 1 || r.height < 1 || r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight) continue;
      const x = Math.min(Math.max(r.left + r.width / 2, 1), innerWidth - 1);
      const y = Math.min(Math.max(r.top + r.height / 2, 1), innerHeight - 1);
      const hit = document.elementFromPoint(x, y);
      if (hit && shown.contains(hit)) onScreen = true;
      else if (hit) covered = describe(hit);
    }
    const visible = shown.checkVisibility({opacityProperty: true, visibilityProperty: true});
    const box = shown.getBoundingClientRect();
    return {element: el === document.body ? 'body' : describe(el), ring, visible, onScreen, covered,
            box: [box.left, box.top, box.width, box.height].map(Math.round),
            inContent: !!el.closest('#__content'), inFooter: !!el.closest('.md-footer')};
  };
  let state = measure();
  // The theme may still be reacting to the key (search opening on focus, a busy machine): look again
  // a few frames later before calling it a problem.
  for (let tries = 0; tries < 10 && !(state.ring && state.visible && state.onScreen); tries++) {
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    state = measure();
  }
  return state;
}"""

# Every tap target that must be comfortably large, with its rendered size. A link inside running text
# (display inline, with other words in the same block) is exempt.
TAP_TARGETS = """selectors => {
  const inRunningText = el => {
    if (getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (getComputedStyle(block).display === 'inline') block = block.parentElement;
    return block.textContent.replace(el.textContent, '').trim() !== '';
  };
  return [...document.querySelectorAll(selectors)]
    .filter(el => el.checkVisibility({opacityProperty: true, visibilityProperty: true}) && !inRunningText(el))
    .map(el => { const r = el.getBoundingClientRect();
                 return {element: el.outerHTML.slice(0, 120), width: r.width, height: r.height}; });
}"""
TAPPED_MOST = ", ".join([
    'a[href^="tel:"]',                          # call buttons
    ".contact a",                               # the rest of a directory card: save to phone, maps, details
    ".leaflet-links a",                         # a booklet's PDF downloads
    ".md-header__button",                       # menu, language, search
    "[data-offline-save]", "[data-offline-reload]",
    ".md-select__link",                         # the languages, once the list is open
])


@pytest.fixture(scope="module")
def keyboard(browser: Browser) -> Iterator[dict[str, Page]]:
    """One page per window size, shared by the module's tests (each starts with goto)."""
    contexts = {name: browser.new_context(viewport=size) for name, size in VIEWPORTS.items()}
    yield {name: context.new_page() for name, context in contexts.items()}
    for context in contexts.values():
        context.close()


def focus_state(page: Page) -> dict:
    return page.evaluate(FOCUS_STATE)


def tab_to(page: Page, selector: str, limit: int = MAX_STOPS) -> int:
    """Press Tab until the focused element matches the selector; return how many presses it took."""
    for count in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return count
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


# Tap targets ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", codes())
def test_tap_targets_are_large_on_a_phone(browser, site_url, language):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    small: list[str] = []
    measured = 0
    save_seen = False
    for path in ["", "health/tb/", "contacts/", "contacts/kyrgyzstan/", "centres/"]:
        page.goto(site_url + language_prefix(language) + path)
        # "Save for offline" shows once assets/pwa.js has registered the service worker (localhost is secure).
        page.locator("[data-offline-panel]").wait_for(state="visible")
        # The update notice is shown only when a new version arrives: show it to measure its button.
        page.evaluate("() => { const t = document.querySelector('[data-offline-toast]'); if (t) t.hidden = false; }")
        page.locator(".md-select button").focus()        # opens the language list
        page.evaluate("() => { for (const a of document.getAnimations()) a.finish(); }")
        targets = page.evaluate(TAP_TARGETS, TAPPED_MOST)
        measured += len(targets)
        save_seen = save_seen or any("data-offline-save" in t["element"] for t in targets)
        small += [f"{path or 'home'}: {t['width']:.0f}×{t['height']:.0f} {t['element']}" for t in targets
                  if t["width"] < MIN_TAP or t["height"] < MIN_TAP]
    if language == "ky":
        screenshot(page, "tap-targets-ky")
    context.close()
    assert save_seen and measured > 100, f"measured only {measured} targets (save button seen: {save_seen})"
    assert small == [], f"{len(small)} tap targets smaller than {MIN_TAP}×{MIN_TAP} px:\n" + "\n".join(small[:20])


# Keyboard -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", list(PAGES))
def test_first_tab_is_skip_to_content(keyboard, site_url, kind, language, viewport):
    page = keyboard[viewport]
    page.goto(site_url + language_prefix(language) + PAGES[kind])
    page.keyboard.press("Tab")
    state = focus_state(page)
    assert page.evaluate("document.activeElement.matches('a.md-skip')"), f"first Tab focused {state['element']}"
    assert state["visible"] and state["onScreen"] and state["ring"], state
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#__content"
    top = page.evaluate("document.querySelector('#__content h1').getBoundingClientRect().top")
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert header <= top < page.viewport_size["height"] / 2, f"the title is at {top}px: under the header, or far down"
    page.keyboard.press("Tab")
    state = focus_state(page)
    assert state["inContent"], f"Tab after skipping focused {state['element']}, outside the article"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", list(PAGES))
def test_tab_shows_every_stop_and_reaches_the_footer(keyboard, site_url, kind, language, viewport):
    page = keyboard[viewport]
    page.goto(site_url + language_prefix(language) + PAGES[kind])
    problems: list[str] = []
    seen: list[str] = []
    content = footer = False
    for stop in range(1, MAX_STOPS + 1):
        page.keyboard.press("Tab")
        state = focus_state(page)
        seen.append(state["element"])
        content = content or state["inContent"]
        if not (state["visible"] and state["onScreen"]):
            problems.append(f"stop {stop}: {state['element']} is not visible on screen "
                            f"(box {state['box']}, covered by {state['covered']})")
        elif stop <= SAMPLED_STOPS and not state["ring"]:
            problems.append(f"stop {stop}: {state['element']} has no focus ring (outline or box-shadow)")
        if stop == 12 and kind == "home":
            screenshot(page, f"focus-{language}-{viewport}")
        if state["inFooter"]:
            footer = True
            break
    assert problems == [], "\n".join(problems[:15])
    assert content, "Tab never reached the article"
    assert footer, f"{MAX_STOPS} presses of Tab never reached the footer; last stops:\n" + "\n".join(seen[-5:])


@pytest.mark.parametrize("viewport,language,query", [("desktop", "ky", "патент"), ("phone", "tg", "патент")])
def test_search_from_the_keyboard(keyboard, site_url, viewport, language, query):
    page = keyboard[viewport]
    page.goto(site_url + language_prefix(language) + "health/tb/")
    if viewport == "desktop":
        page.keyboard.press("/")                           # Material's shortcut
    else:
        tab_to(page, "input[data-md-component=search-query]", limit=15)
    assert page.evaluate("document.activeElement.matches('input[data-md-component=search-query]')")
    # Material opens search from the focus event a moment later: wait for it (a busy CI machine is slow).
    page.wait_for_function("() => document.getElementById('__search').checked", timeout=5000)
    page.wait_for_function("() => window.PortalSearch && PortalSearch.engine")
    page.keyboard.type(query)
    page.wait_for_function("q => PortalSearch.answered === q", arg=query)
    page.keyboard.press("ArrowDown")
    state = focus_state(page)
    assert page.evaluate("document.activeElement.matches('a.md-search-result__link')"), state["element"]
    assert state["ring"] and state["visible"] and state["onScreen"], state
    screenshot(page, f"search-keyboard-{language}-{viewport}")
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert f"/{language}/" in page.url


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language,chosen", [("ky", "tg"), ("tg", "ky")])
def test_language_is_chosen_with_the_keyboard(keyboard, site_url, viewport, language, chosen):
    page = keyboard[viewport]
    page.goto(site_url + language_prefix(language) + "health/tb/")
    tab_to(page, ".md-select button", limit=10)
    tab_to(page, f'.md-select__link[hreflang="{chosen}"]', limit=10)
    state = focus_state(page)
    assert state["visible"] and state["onScreen"] and state["ring"], state
    screenshot(page, f"language-keyboard-{language}-{viewport}")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{chosen}/health/tb/")


def test_menu_works_with_the_keyboard(keyboard, site_url):
    """The drawer of small screens: open, go up from the page's section, tab through, close."""
    page = keyboard["phone"]
    opened = "document.getElementById('__drawer').checked"
    in_drawer = "!!document.activeElement.closest('.md-sidebar--primary')"

    def assert_seen() -> None:
        state = focus_state(page)
        assert page.evaluate(in_drawer), f"focus left the drawer: {state['element']}"
        assert state["visible"] and state["onScreen"] and state["ring"], state

    page.goto(site_url + "ky/health/tb/")
    tab_to(page, 'label.md-header__button[for="__drawer"]', limit=3)
    assert focus_state(page)["ring"]
    page.keyboard.press("Enter")
    assert page.evaluate(opened), "Enter did not open the menu"
    assert_seen()                                       # in the section of this page, "Health"
    page.keyboard.press("Shift+Tab")                    # its back arrow
    assert page.evaluate("document.activeElement.matches('label.md-nav__title')")
    assert_seen()
    page.keyboard.press("Enter")                        # up to the whole menu
    assert_seen()
    screenshot(page, "menu-keyboard-ky")
    stops = 0
    while page.evaluate(in_drawer):
        assert_seen()
        page.keyboard.press("Tab")
        stops += 1
        assert stops < 50, "Tab never leaves the drawer"
    assert stops >= 5, f"focus left the drawer after {stops} stops"
    assert not page.evaluate(opened), "Tab out of the menu left it open"
    assert focus_state(page)["onScreen"]

    page.goto(site_url + "ky/health/tb/")
    tab_to(page, 'label.md-header__button[for="__drawer"]', limit=3)
    page.keyboard.press(" ")
    assert page.evaluate(opened), "Space did not open the menu"
    page.keyboard.press("Escape")
    assert not page.evaluate(opened), "Escape did not close the menu"
    assert page.evaluate("document.activeElement.matches('label[for=__drawer]')")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_type_filter_works_with_arrow_keys(keyboard, site_url, viewport, language):
    page = keyboard[viewport]
    page.goto(site_url + language_prefix(language) + "contacts/kyrgyzstan/")
    tab_to(page, ".directory__choice")
    shown = """() => [...document.querySelectorAll('.directory__group')].filter(g => g.checkVisibility())
                     .map(g => g.dataset.type)"""
    every = page.evaluate(shown)
    assert len(every) >= 3 and page.evaluate("document.activeElement.value") == "all"
    chosen: list[str] = []
    # Right, right, left; then down through every type to the last chip, far along the row.
    for key in ["ArrowRight", "ArrowRight", "ArrowLeft"] + ["ArrowDown"] * (len(every) - 1):
        page.keyboard.press(key)
        value = page.evaluate("document.activeElement.value")
        chosen.append(value)
        assert page.evaluate(shown) == [value], f"after {key} ({value}) the page shows {page.evaluate(shown)}"
        state = focus_state(page)
        assert state["ring"] and state["visible"], state
        # The chip of the chosen type is in sight: inside the filter's box, below the header, in the window.
        inside = page.evaluate("""() => {
            const chip = document.querySelector(`label[for="${document.activeElement.id}"]`).getBoundingClientRect();
            const box = document.querySelector('.directory__filter').getBoundingClientRect();
            const header = document.querySelector('.md-header').getBoundingClientRect();
            return chip.left >= box.left - 1 && chip.right <= box.right + 1 && chip.top >= header.bottom - 1
                   && chip.bottom <= innerHeight + 1; }""")
        assert inside, f"the chip for {value} is out of sight"
    assert chosen == [every[0], every[1], every[0]] + every[1:], chosen
    screenshot(page, f"filter-keyboard-{language}-{viewport}")
    for _ in range(len(chosen)):                           # back to the first radio: every type again
        if page.evaluate("document.activeElement.value") == "all":
            break
        page.keyboard.press("ArrowLeft")
    assert page.evaluate("document.activeElement.value") == "all" and page.evaluate(shown) == every
