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
  function run() {
    label(".md-typeset__scrollwrap", "Table (scrolls sideways)");
    label(".md-typeset .katex-display", "Formula (scrolls sideways)");
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(run);
  } else {
    window.addEventListener("load", run);
  }
  window.addEventListener("resize", run);
  if (document.fonts) document.fonts.ready.then(run); // KaTeX fonts change formula widths
})();
