// The signature pad of the patient's consent page: draw with a finger, pen or mouse on a
// canvas (pointer events), or type the full name instead (the keyboard way, and the
// only way without JavaScript). The drawing goes to the server as a PNG data URL in a
// hidden field; the server checks it again.
(function () {
  "use strict";
  var form = document.getElementById("sign-form");
  if (!form) { return; }
  var canvas = document.getElementById("signature-pad");
  var hidden = document.getElementById("id_signature_drawn");
  var clear = document.getElementById("signature-clear");
  var drawPanel = document.getElementById("signature-draw");
  var typePanel = document.getElementById("signature-type");
  var status = document.getElementById("signature-status");
  var choices = form.querySelectorAll("input[name=signature_kind]");
  var context = canvas.getContext("2d");
  var drawing = false;
  var marked = false;
  var last = null;

  // A sharp line on high-density phone screens: draw in device pixels.
  function fit() {
    var ratio = window.devicePixelRatio || 1;
    var box = canvas.getBoundingClientRect();
    if (!box.width) { return; }
    canvas.width = Math.round(box.width * ratio);
    canvas.height = Math.round(box.height * ratio);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.lineWidth = 2.5;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#111";
    marked = false;
    hidden.value = "";
  }

  function point(event) {
    var box = canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  function say(text) { if (status) { status.textContent = text; } }

  canvas.addEventListener("pointerdown", function (event) {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    drawing = true;
    last = point(event);
    context.beginPath();
    context.arc(last.x, last.y, 1.2, 0, Math.PI * 2);
    context.fillStyle = "#111";
    context.fill();
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) { return; }
    event.preventDefault();
    var next = point(event);
    context.beginPath();
    context.moveTo(last.x, last.y);
    context.lineTo(next.x, next.y);
    context.stroke();
    last = next;
    marked = true;
  });
  function finish() {
    if (!drawing) { return; }
    drawing = false;
    if (marked) {
      hidden.value = canvas.toDataURL("image/png");
      say(canvas.dataset.done || "");
    }
  }
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);
  canvas.addEventListener("pointerleave", finish);

  clear.addEventListener("click", function () {
    context.clearRect(0, 0, canvas.width, canvas.height);
    marked = false;
    hidden.value = "";
    say(canvas.dataset.cleared || "");
  });

  function show() {
    var kind = form.querySelector("input[name=signature_kind]:checked");
    var drawn = kind && kind.value === "drawn";
    drawPanel.hidden = !drawn;
    typePanel.hidden = drawn;
    if (drawn && !marked) { fit(); }
  }
  Array.prototype.forEach.call(choices, function (choice) {
    choice.disabled = false;
    choice.addEventListener("change", show);
  });
  // Drawing is offered only now that it can work; a fresh form starts with it.
  var chooser = document.getElementById("signature-choice");
  if (chooser) { chooser.hidden = false; }
  if (form.dataset.bound !== "1") {
    var drawChoice = form.querySelector("input[name=signature_kind][value=drawn]");
    if (drawChoice) { drawChoice.checked = true; }
  }
  show();
  window.addEventListener("resize", function () { if (!marked) { fit(); } });
})();
