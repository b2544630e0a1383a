// Presentation mode: one screen at a time (the choices, then each option), moved with
// the buttons or the arrow keys; "Full screen" uses the browser's Fullscreen API.
// Without JavaScript every screen shows, one under the other.
(function () {
  "use strict";
  var screens = Array.prototype.slice.call(document.querySelectorAll(".screen"));
  var nav = document.querySelector(".present-nav");
  if (!screens.length || !nav) { return; }
  var prev = nav.querySelector('[data-present="prev"]');
  var next = nav.querySelector('[data-present="next"]');
  var where = nav.querySelector('[data-present="where"]');
  var current = 0;

  function show(index, focus) {
    current = Math.max(0, Math.min(screens.length - 1, index));
    screens.forEach(function (screen, i) { screen.hidden = i !== current; });
    prev.disabled = current === 0;
    next.disabled = current === screens.length - 1;
    where.textContent = (current + 1) + " / " + screens.length;
    history.replaceState(null, "", "#" + screens[current].id);
    window.scrollTo(0, 0);
    if (focus) { screens[current].querySelector("h2").focus(); }
  }

  prev.addEventListener("click", function () { show(current - 1, true); });
  next.addEventListener("click", function () { show(current + 1, true); });
  document.querySelectorAll("[data-present-go]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      show(parseInt(link.dataset.presentGo, 10), true);
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (event.key === "ArrowRight" || event.key === "PageDown") { show(current + 1, true); event.preventDefault(); }
    if (event.key === "ArrowLeft" || event.key === "PageUp") { show(current - 1, true); event.preventDefault(); }
  });

  var full = document.querySelector('[data-present="fullscreen"]');
  if (full && document.fullscreenEnabled) {
    full.hidden = false;
    full.addEventListener("click", function () {
      if (document.fullscreenElement) { document.exitFullscreen(); }
      else { document.documentElement.requestFullscreen(); }
    });
  }

  nav.hidden = false;
  var start = screens.map(function (s) { return "#" + s.id; }).indexOf(window.location.hash);
  show(start < 0 ? 0 : start, false);
})();
