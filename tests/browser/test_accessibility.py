"""No serious or critical accessibility problems (axe-core) on any page type, in any language."""
from __future__ import annotations

from pathlib import Path

import pytest

from scripts.languages import codes, default_code

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGE_TYPES = {"home": "", "booklet": "health/tb/", "directory": "contacts/", "country": "contacts/kyrgyzstan/",
              "status": "status/"}


@pytest.fixture(scope="module")
def audit_page(browser):
    # axe is injected as an inline script, which the site's own CSP rightly refuses: bypass it for the audit.
    context = browser.new_context(viewport={"width": 360, "height": 640}, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", codes())
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_serious_accessibility_violations(audit_page, site_url, language, kind):
    prefix = "" if language == default_code() else f"{language}/"
    audit_page.goto(site_url + prefix + PAGE_TYPES[kind])
    audit_page.add_script_tag(path=str(AXE))
    result = audit_page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(serious)
