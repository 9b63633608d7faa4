/* The navigation drawer of small screens, from the keyboard.
 * Material's menu button, a section's back arrow and the page's table of contents are <label>s for
 * hidden checkboxes, which Tab never reaches: make them Tab stops, clicked by Enter (and Space for the
 * menu button) here, as Material's bundle is loaded only when search opens (assets/theme.js). Focus moves into what opens, and back to its
 * button when a section closes; Escape, or Tab out of the drawer, closes it. portal.css keeps what is
 * off-screen or covered out of the Tab order.
 * The menu button is named like the menu (Material's translated label of the navigation). */
(function () {
  'use strict';
  var drawer = document.getElementById('__drawer');
  var menu = document.querySelector('label.md-header__button[for="__drawer"]');
  var nav = document.querySelector('.md-sidebar--primary');
  if (!drawer || !menu || !nav) return;
  var byKey = false;

  function shown(element) {
    return element.offsetWidth && getComputedStyle(element).visibility === 'visible';
  }
  function first(within) {
    var all = function (selector) { return Array.prototype.slice.call(within.querySelectorAll(selector)); };
    return all('a[href]').find(shown) || all("[tabindex='0']").find(shown);
  }
  function expanded() {
    menu.setAttribute('aria-expanded', drawer.checked);
  }
  function later(fn) {
    requestAnimationFrame(function () { var target = fn(); if (target) target.focus(); });
  }

  menu.tabIndex = 0;
  menu.setAttribute('role', 'button');
  menu.setAttribute('aria-label', (nav.querySelector('.md-nav--primary') || nav).getAttribute('aria-label') || '');
  expanded();
  nav.querySelectorAll("label.md-nav__title[for^='__nav'],label.md-nav__link[for='__toc']")
    .forEach(function (back) { back.tabIndex = 0; });

  addEventListener('pointerdown', function () { byKey = false; }, true);
  addEventListener('keydown', function (event) {
    byKey = event.key === 'Enter' || event.key === ' ';
    var label = event.target;
    if (event.key === 'Enter' && label.tagName === 'LABEL' && label.htmlFor && label.tabIndex >= 0) {
      event.preventDefault();
      event.stopPropagation();          // Material's handler, if loaded, would click it a second time
      label.click();
    } else if (event.key === ' ' && event.target === menu) {
      event.preventDefault();
      menu.click();
    }
  }, true);
  addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && drawer.checked) {
      menu.click();
      menu.focus();
    }
  });
  drawer.addEventListener('change', function () {
    expanded();
    if (drawer.checked && byKey) later(function () { return drawer.checked && first(nav); });
  });
  nav.addEventListener('change', function (event) {
    var toggle = event.target;
    if (!byKey || !toggle.matches('.md-nav__toggle')) return;
    later(function () {
      if (!drawer.checked) return null;
      var item = toggle.parentElement;
      if (toggle.checked) return first(item.querySelector(':scope>.md-nav'));
      return item.querySelector(':scope>label[for="' + toggle.id + '"],:scope>.md-nav__link>label[for="' + toggle.id + '"]');
    });
  });
  nav.addEventListener('focusout', function (event) {
    if (drawer.checked && event.relatedTarget && !nav.contains(event.relatedTarget)) menu.click();
  });
})();
