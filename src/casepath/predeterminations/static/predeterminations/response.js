// The response entry: "Approve as asked" fills the approved amount with the fee asked,
// clears the denial, and puts the cursor in the amount so Tab carries on along the row.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.pd-approve");
    if (!button) return;
    var approved = document.getElementById(button.dataset.approved);
    var denied = document.getElementById(button.dataset.denied);
    if (!approved) return;
    approved.value = button.dataset.fee;
    approved.dispatchEvent(new Event("input", { bubbles: true }));
    if (denied) denied.checked = false;
    approved.focus();
    approved.select();
  });
})();
