"""No serious or critical accessibility problems (axe-core) on any page type, in any language."""
from __future__ import annotations

import pytest

from scripts.benchmark.site_speed import (AUDITED_PAGES as PAGE_TYPES, AXE, AXE_RUN)   # the benchmark reports the same audit
from scripts.site.languages import codes, language_prefix

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def audit_page(browser):
    # axe is injected as an inline script, which the site's own CSP rightly refuses: bypass it for the audit.
    context = browser.new_context(viewport={"width": 360, "height": 640}, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", codes())
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_serious_accessibility_violations(audit_page, site_url, language, kind):
    prefix = language_prefix(language)
    audit_page.goto(site_url + prefix + PAGE_TYPES[kind])
    audit_page.add_script_tag(path=str(AXE))
    # tests/browser/test_keyboard.py holds the things tapped most to 44×44 px.
    result = audit_page.evaluate(AXE_RUN)
    ran = {rule["id"] for outcome in ("passes", "violations", "incomplete", "inapplicable") for rule in result[outcome]}
    assert "target-size" in ran, "axe did not run its target-size rule"
    serious = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(serious)
