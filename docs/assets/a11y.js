// Wide tables and display formulas scroll sideways; make the ones that really overflow reachable
// by keyboard (WCAG 2.1.1), with a name for screen readers. Runs on every page load.
(function () {
  // All measurements first, then all changes: interleaving them would force a layout per element.
  function overflowing(selector) {
    return Array.prototype.filter.call(document.querySelectorAll(selector), function (el) {
      return el.scrollWidth > el.clientWidth && !el.hasAttribute("tabindex");
    });
  }
  function label(elements, name) {
    elements.forEach(function (el) {
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", name);
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
    // Material wraps tables in a scrolling box; where it has not (the print page), the table
    // itself scrolls.
    var tables = overflowing(".md-typeset__scrollwrap, .md-typeset table:not([class])");
    var formulas = overflowing(".md-typeset .math-display");
    label(tables, "Table (scrolls sideways)");
    label(formulas, "Formula (scrolls sideways)");
    focusableTerms();
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(run);
  } else {
    window.addEventListener("load", run);
  }
  window.addEventListener("resize", run);
  if (document.fonts) document.fonts.ready.then(run); // fonts change formula widths
})();
