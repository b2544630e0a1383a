// The slider between down payment and monthly payment. The server computes every point
// of the slider (see financing/options.py) and puts them in the page as JSON
// (<script type="application/json" id="...">); moving the slider only shows the point
// under it, so no request is needed. The form sends the slider's position: the server
// computes that point again and never takes the figures from the browser.
//
// Markup: <input type="range" data-points="ID"> inside an element with data-slider;
// elements there with data-show="KEY" show that key of the current point; the range's
// aria-valuetext is the point's "label". On the case page the section arrives through
// htmx, so sliders are also set up on every htmx:load.
(function () {
  "use strict";

  function setUp(range) {
    if (range.dataset.sliderReady === "1") { return; }
    var source = document.getElementById(range.dataset.points);
    if (!source) { return; }
    var points = JSON.parse(source.textContent);
    if (!points.length) { return; }
    var scope = range.closest("[data-slider]") || range.parentNode;
    var shown = scope.querySelectorAll("[data-show]");

    function show() {
      var point = points[Number(range.value)] || points[0];
      Array.prototype.forEach.call(shown, function (element) {
        element.textContent = point[element.dataset.show];
      });
      if (point.label) { range.setAttribute("aria-valuetext", point.label); }
    }

    range.addEventListener("input", show);
    range.addEventListener("change", show);
    range.dataset.sliderReady = "1";
    show();
  }

  function scan(root) {
    var found = (root || document).querySelectorAll("input[type=range][data-points]");
    Array.prototype.forEach.call(found, setUp);
  }

  if (!window.casepathSliders) {
    window.casepathSliders = scan;
    document.addEventListener("htmx:load", function (event) { scan(event.target); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { scan(document); });
  } else {
    scan(document);
  }
})();
