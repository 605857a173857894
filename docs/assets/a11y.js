// Wide tables and display formulas scroll sideways; make the ones that really overflow reachable
// by keyboard (WCAG 2.1.1), with a name for screen readers. Runs on every page load.
(function () {
  function label(selector, name) {
    document.querySelectorAll(selector).forEach(function (el) {
      if (el.scrollWidth > el.clientWidth && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", name);
      }
    });
  }
  // Glossary terms show their definition on keyboard focus too: the first occurrence of each
  // term on the page takes focus (not inside links or buttons, which must not nest focus).
  function focusableTerms() {
    var seen = {};
    document.querySelectorAll(".md-content abbr[title]").forEach(function (el) {
      var term = el.textContent;
      if (seen[term] || el.closest("a, button, summary")) return;
      seen[term] = true;
      el.setAttribute("tabindex", "0");
    });
  }
  function run() {
    focusableTerms();
    label(".md-typeset__scrollwrap", "Table (scrolls sideways)");
    label(".md-typeset .math-display", "Formula (scrolls sideways)");
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(run);
  } else {
    window.addEventListener("load", run);
  }
  window.addEventListener("resize", run);
  if (document.fonts) document.fonts.ready.then(run); // fonts change formula widths
})();
