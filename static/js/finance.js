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

    // ＋ 添加一行: copy the formset's blank row (<template>, Django's empty_form) with the next
    // form number and raise TOTAL_FORMS, so the server validates and saves it like the others.
    // Without JavaScript the button stays hidden and "保存草稿" adds three rows, as before.
    var table = form.querySelector("table[data-items-prefix]");
    var template = document.getElementById("item-row-template");
    var add = form.querySelector("[data-add-item]");
    if (table && template && add) {
      var prefix = table.getAttribute("data-items-prefix");
      var totalForms = form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
      var maxForms = form.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
      var limit = maxForms ? parseInt(maxForms.value, 10) || 1000 : 1000;
      var hint = form.querySelector("[data-more-lines]");
      if (hint) hint.textContent = "需要更多行请点“添加一行”（最多 " + limit + " 行）。";
      add.hidden = false;
      add.addEventListener("click", function () {
        var index = parseInt(totalForms.value, 10);
        if (index >= limit) {
          add.disabled = true;
          return;
        }
        var html = template.innerHTML.replace(/__prefix__/g, String(index));
        var body = table.tBodies[0];
        body.insertAdjacentHTML("beforeend", html);
        totalForms.value = String(index + 1);
        if (index + 1 >= limit) add.disabled = true;
        var first = body.lastElementChild.querySelector("input:not([type=hidden]), select");
        if (first) first.focus();
      });
    }

    if (kind) kind.addEventListener("change", showMeals);
    form.addEventListener("input", sum);
    showMeals();
    sum();
  });
})();
