/* The first call's form: the running clock (with a hint at 12 and 15 minutes), "Add
   another patient" without a round trip, the patient's name in the later steps, and
   one choice per patient among the possible duplicates. Without JavaScript the form
   still works: the clock shows the time the page was drawn, and "Add another patient"
   asks the server for one more row. */
(function () {
  "use strict";

  var HINTS = {
    "": "",
    soon: "12 minutes: time to agree on the first visit.",
    late: "15 minutes: the first call usually ends about now. Wrap up kindly."
  };

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function startClock() {
    var box = document.getElementById("call-timer");
    if (!box) return;
    var clock = document.getElementById("call-clock");
    var hint = document.getElementById("call-hint");
    var start = Date.now() - (parseInt(box.dataset.elapsed, 10) || 0) * 1000;
    var level = null;
    function tick() {
      var seconds = Math.max(0, Math.floor((Date.now() - start) / 1000));
      clock.textContent = pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60);
      var now = seconds >= 15 * 60 ? "late" : seconds >= 12 * 60 ? "soon" : "";
      if (now !== level) {
        level = now;
        box.dataset.level = now;
        hint.textContent = HINTS[now];
      }
    }
    tick();
    window.setInterval(tick, 500);
  }

  function rowName(prefix) {
    var first = document.getElementById("id_" + prefix + "-first_name");
    var last = document.getElementById("id_" + prefix + "-last_name");
    return ((first ? first.value : "") + " " + (last ? last.value : "")).trim();
  }

  function showName(prefix) {
    var name = rowName(prefix);
    document.querySelectorAll('[data-name-of="' + prefix + '"]').forEach(function (el) {
      el.textContent = name || el.dataset.blank;
    });
  }

  function addPatient(event) {
    var button = event.currentTarget;
    var total = document.getElementById("id_p-TOTAL_FORMS");
    var index = parseInt(total.value, 10) || 0;
    var most = parseInt(button.dataset.most, 10) || 4;
    if (index >= most) return;
    event.preventDefault();
    var prefix = "p-" + index;
    ["who", "about", "insurance"].forEach(function (part) {
      var template = document.getElementById("row-template-" + part);
      var holder = document.getElementById("rows-" + part);
      holder.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
      var added = holder.lastElementChild;
      added.querySelectorAll('[data-number-of="' + prefix + '"]').forEach(function (el) {
        el.textContent = String(index + 1);
      });
      added.querySelectorAll('[data-name-of="' + prefix + '"]').forEach(function (el) {
        el.dataset.blank = "patient " + (index + 1);
        el.textContent = el.dataset.blank;
      });
      if (window.htmx) window.htmx.process(added);
    });
    total.value = String(index + 1);
    if (index + 1 >= most) button.hidden = true;
    var first = document.getElementById("id_" + prefix + "-first_name");
    if (first) first.focus();
  }

  function onChange(event) {
    var target = event.target;
    var name = target.name || "";
    var match = /^(p-\d+)-(existing|not_a_duplicate)$/.exec(name);
    if (!match || !target.checked) return;
    var prefix = match[1];
    if (match[2] === "existing") {
      var other = document.getElementById("id_" + prefix + "-not_a_duplicate");
      if (other) other.checked = false;
    } else {
      document.querySelectorAll('input[name="' + prefix + '-existing"]').forEach(function (radio) {
        radio.checked = false;
      });
    }
  }

  function onInput(event) {
    var match = /^(p-\d+)-(first_name|last_name)$/.exec(event.target.name || "");
    if (match) showName(match[1]);
  }

  function noEnterSubmit(event) {
    // Enter in a field must not send the call half-way through the conversation.
    var el = event.target;
    if (event.key === "Enter" && el.tagName === "INPUT" && el.type !== "submit") {
      event.preventDefault();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    startClock();
    var form = document.getElementById("call-form");
    if (!form) return;
    var add = document.getElementById("add-patient");
    if (add) add.addEventListener("click", addPatient);
    form.addEventListener("change", onChange);
    form.addEventListener("input", onInput);
    form.addEventListener("keydown", noEnterSubmit);
  });
})();
