// The reimbursement form (templates/finance/claim_form.html): meal columns only for official
// meals, and a running total of the items. The server recomputes the amount in Decimal; this
// total is a convenience while typing.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  function cents(text) {
    var match = /^\s*(\d+)(?:\.(\d{0,2}))?\s*$/.exec(text || "");
    if (!match) return null;
    return parseInt(match[1], 10) * 100 + parseInt(((match[2] || "") + "00").slice(0, 2), 10);
  }

  ready(function () {
    var form = document.querySelector("form.claim-form");
    if (!form) return;
    var kind = document.getElementById(form.getAttribute("data-kind-field"));
    var total = form.querySelector("[data-total]");

    function showMeals() {
      form.classList.toggle("is-meal", kind && kind.value === "meal");
    }

    function sum() {
      var fen = 0;
      var bad = false;
      form.querySelectorAll(".item-row input[name$='-amount']").forEach(function (input) {
        if (!input.value.trim()) return;
        var value = cents(input.value);
        if (value === null) bad = true;
        else fen += value;
      });
      if (total) {
        total.textContent = bad ? "金额格式有误" : (fen / 100).toFixed(2);
      }
    }

    if (kind) kind.addEventListener("change", showMeals);
    form.addEventListener("input", sum);
    showMeals();
    sum();
  });
})();
