// Idle logoff: after the configured quiet time, sign out and leave the screen
// (the server refuses an idle session anyway; this makes sure no PHI stays shown).
(function () {
  "use strict";
  var seconds = parseInt(document.body.dataset.idleSeconds || "0", 10);
  if (!seconds) { return; }
  var warnAt = Math.max(seconds - 60, Math.floor(seconds * 0.75));
  var warnTimer = null;
  var logoffTimer = null;
  var warning = document.getElementById("idle-warning");

  function signOut() {
    var form = document.getElementById("logout-form");
    if (!form) { window.location.assign("/accounts/login/?idle=1"); return; }
    var flag = document.createElement("input");
    flag.type = "hidden"; flag.name = "idle"; flag.value = "1";
    form.appendChild(flag);
    form.submit();
  }
  function restart() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(logoffTimer);
    if (warning) { warning.hidden = true; }
    warnTimer = window.setTimeout(function () {
      if (warning) { warning.hidden = false; document.getElementById("idle-stay").focus(); }
    }, warnAt * 1000);
    logoffTimer = window.setTimeout(signOut, seconds * 1000);
  }
  document.addEventListener("htmx:afterRequest", restart);
  var stay = document.getElementById("idle-stay");
  if (stay) {
    stay.addEventListener("click", function () {
      fetch("/accounts/keepalive/", { credentials: "same-origin" }).then(function (response) {
        if (response.redirected || !response.ok) { window.location.reload(); } else { restart(); }
      });
    });
  }
  restart();
})();
