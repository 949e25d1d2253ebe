// Behaviour for every page. The Content-Security-Policy forbids inline scripts and onclick=
// attributes: handlers are attached here, from a file.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // --- Dates: 年-月-日 whatever the browser's language --------------------------------------
  // The server renders date fields as text inputs marked data-date, date-and-time fields as
  // data-datetime (年-月-日 时:分) (apps/workflow/widgets.py):
  // a native type=date input would show mm/dd/yyyy in an en-US browser. Here they get a small
  // calendar (click, or Alt+↓ / F4 in the field) and typed dates are tidied to 2026-12-05. The
  // server accepts 2026-12-05, 2026/12/05, 2026.12.05 and 2026年12月5日 with or without this.
  var DATE_ATTRS = {
    placeholder: "年-月-日",
    inputmode: "numeric",
    autocomplete: "off",
    pattern: "\\s*\\d{4}\\s*(-|/|\\.|年)\\s*\\d{1,2}\\s*(-|/|\\.|月)\\s*\\d{1,2}\\s*日?\\s*",
    "data-date": ""
  };
  var WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"];

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function iso(d) {
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  var DATE_RE = "^\\s*(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?";

  function parseDate(text) {
    var m = new RegExp(DATE_RE + "\\s*$").exec(text || "");
    return m ? validDay(m) : null;
  }

  function validDay(m) {
    var d = new Date(+m[1], +m[2] - 1, +m[3]);
    return d.getMonth() === +m[2] - 1 && d.getDate() === +m[3] ? d : null;
  }

  // "2026年12月5日 9时30分", "2026/12/05 09:30", "2026-12-05T09:30" → {day, time: "09:30"}
  function parseDateTime(text) {
    var m = new RegExp(DATE_RE + "\\s*(?:T|\\s)?\\s*(?:(\\d{1,2})\\s*[:：时]\\s*(\\d{2})\\s*分?)?\\s*$").exec(text || "");
    if (!m) return null;
    var day = validDay(m);
    if (!day) return null;
    if (m[4] === undefined) return { day: day, time: "" };
    if (+m[4] > 23 || +m[5] > 59) return null;
    return { day: day, time: pad(+m[4]) + ":" + m[5] };
  }

  function dayOf(input) {
    if (!input.hasAttribute("data-datetime")) return parseDate(input.value);
    var parsed = parseDateTime(input.value);
    return parsed ? parsed.day : null;
  }

  var DATETIME_ATTRS = { placeholder: "年-月-日 时:分", autocomplete: "off", "data-datetime": "" };
  var MONTH_ATTRS = { placeholder: "年-月", inputmode: "numeric", autocomplete: "off", "data-month": "" };

  // Hand-written <input type="date"> / "datetime-local" in a template: the same treatment as the
  // forms' fields.
  function upgradeNativeDates(root) {
    root.querySelectorAll("input[type=date], input[type=datetime-local], input[type=month]").forEach(function (input) {
      var kind = input.type === "datetime-local" ? "datetime" : input.type;
      var attrs = { date: DATE_ATTRS, datetime: DATETIME_ATTRS, month: MONTH_ATTRS }[kind];
      input.type = "text";
      if (kind === "datetime") input.value = input.value.replace("T", " ");
      Object.keys(attrs).forEach(function (name) {
        if (!input.hasAttribute(name)) input.setAttribute(name, attrs[name]);
      });
      input.classList.add(kind + "-input");
    });
  }

  var picker = null; // {box, input, month}

  function closePicker(refocus) {
    if (!picker) return;
    var input = picker.input;
    picker.box.remove();
    picker = null;
    input.setAttribute("aria-expanded", "false");
    if (refocus) input.focus();
  }

  function choose(input, day) {
    var withTime = input.hasAttribute("data-datetime");
    var before = withTime ? parseDateTime(input.value) : null;
    // a date-and-time field keeps the time already typed; without one, the caret waits after
    // the date for the time to be typed (no time is invented)
    input.value = day ? iso(day) + (withTime ? " " + (before ? before.time : "") : "") : "";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    if (!withTime || !day || (before && before.time)) {
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    closePicker(true);
    if (withTime) input.setSelectionRange(input.value.length, input.value.length);
  }

  function button(text, label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    if (label) b.setAttribute("aria-label", label);
    b.addEventListener("click", onClick);
    return b;
  }

  function renderMonth(focusDay) {
    var box = picker.box;
    var month = picker.month;
    var selected = dayOf(picker.input);
    var today = new Date();
    // the range the form states (apps/workflow/widgets.py moves min/max to data-min/data-max)
    var low = parseDate(picker.input.getAttribute("data-min"));
    var high = parseDate(picker.input.getAttribute("data-max"));
    box.querySelector(".dp-title").textContent = month.getFullYear() + "年" + (month.getMonth() + 1) + "月";
    var body = box.querySelector("tbody");
    body.textContent = "";
    var first = new Date(month.getFullYear(), month.getMonth(), 1);
    var offset = (first.getDay() + 6) % 7; // Monday first
    var day = new Date(first.getFullYear(), first.getMonth(), 1 - offset);
    var focusTarget = null;
    for (var week = 0; week < 6; week++) {
      var row = document.createElement("tr");
      for (var i = 0; i < 7; i++) {
        var cell = document.createElement("td");
        var current = new Date(day.getFullYear(), day.getMonth(), day.getDate());
        var b = button(String(current.getDate()), iso(current), (function (d) {
          return function () {
            choose(picker.input, d);
          };
        })(current));
        b.setAttribute("data-day", iso(current));
        b.tabIndex = -1;
        if (current.getMonth() !== month.getMonth()) b.className = "dp-other";
        if ((low && current < low) || (high && current > high)) b.disabled = true;
        if (iso(current) === iso(today)) b.classList.add("dp-today");
        if (selected && iso(current) === iso(selected)) {
          b.classList.add("dp-selected");
          b.setAttribute("aria-pressed", "true");
        }
        if (focusDay && iso(current) === iso(focusDay)) focusTarget = b;
        cell.appendChild(b);
        row.appendChild(cell);
        day.setDate(day.getDate() + 1);
      }
      body.appendChild(row);
    }
    var tabStop = focusTarget || box.querySelector(".dp-selected") || box.querySelector(".dp-today") ||
      box.querySelector("tbody button:not(.dp-other)");
    if (tabStop) tabStop.tabIndex = 0;
    if (focusTarget) focusTarget.focus();
  }

  function moveMonth(step) {
    picker.month = new Date(picker.month.getFullYear(), picker.month.getMonth() + step, 1);
    renderMonth(null);
  }

  function openPicker(input) {
    if (picker && picker.input === input) return;
    closePicker(false);
    var start = dayOf(input) || new Date();
    var box = document.createElement("div");
    box.className = "datepicker";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "选择日期");
    var head = document.createElement("div");
    head.className = "dp-head";
    var title = document.createElement("span");
    title.className = "dp-title";
    title.setAttribute("aria-live", "polite");
    head.appendChild(button("‹", "上一月", function () { moveMonth(-1); }));
    head.appendChild(title);
    head.appendChild(button("›", "下一月", function () { moveMonth(1); }));
    box.appendChild(head);
    var table = document.createElement("table");
    var headRow = document.createElement("tr");
    WEEKDAYS.forEach(function (name) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = name;
      headRow.appendChild(th);
    });
    table.createTHead().appendChild(headRow);
    table.appendChild(document.createElement("tbody"));
    box.appendChild(table);
    var foot = document.createElement("div");
    foot.className = "dp-foot";
    foot.appendChild(button("今天", null, function () { choose(input, new Date()); }));
    foot.appendChild(button("清除", null, function () { choose(input, null); }));
    foot.appendChild(button("关闭", null, function () { closePicker(true); }));
    box.appendChild(foot);

    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        closePicker(true);
        return;
      }
      var target = event.target;
      var moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
      if (!target.hasAttribute("data-day") || !(event.key in moves)) return;
      event.preventDefault();
      var d = parseDate(target.getAttribute("data-day"));
      d.setDate(d.getDate() + moves[event.key]);
      picker.month = new Date(d.getFullYear(), d.getMonth(), 1);
      renderMonth(d);
    });

    document.body.appendChild(box);
    var rect = input.getBoundingClientRect();
    box.style.left = Math.max(4, Math.min(rect.left + window.scrollX,
      window.scrollX + document.documentElement.clientWidth - box.offsetWidth - 4)) + "px";
    box.style.top = rect.bottom + window.scrollY + 2 + "px";
    picker = { box: box, input: input, month: new Date(start.getFullYear(), start.getMonth(), 1) };
    input.setAttribute("aria-expanded", "true");
    renderMonth(null);
  }

  function isDateInput(el) {
    return el && el.matches && el.matches("input[data-date], input[data-datetime]") && !el.disabled && !el.readOnly;
  }

  ready(function () {
    // The menu button of the phone-width layout shows and hides the side navigation.
    document.querySelectorAll(".nav-toggle").forEach(function (button) {
      button.setAttribute("aria-expanded", "false");
      button.addEventListener("click", function () {
        var open = document.body.classList.toggle("nav-open");
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
    });

    upgradeNativeDates(document);
    // Delegated, so rows added later (the claim form's ＋ 添加一行) work too.
    document.addEventListener("click", function (event) {
      if (isDateInput(event.target)) openPicker(event.target);
      else if (picker && !picker.box.contains(event.target)) closePicker(false);
    });
    document.addEventListener("keydown", function (event) {
      if (!isDateInput(event.target)) return;
      if ((event.altKey && event.key === "ArrowDown") || event.key === "F4") {
        event.preventDefault();
        openPicker(event.target);
        var focus = picker.box.querySelector("tbody button[tabindex='0']");
        if (focus) focus.focus();
      } else if (event.key === "Escape") {
        closePicker(false);
      } else if (event.key === "Tab") {
        closePicker(false);
      }
    });
    document.addEventListener("change", function (event) {
      var month = event.target.matches && event.target.matches("input[data-month]") &&
        /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$/.exec(event.target.value);
      if (month && +month[2] >= 1 && +month[2] <= 12) event.target.value = month[1] + "-" + pad(+month[2]);
      if (!isDateInput(event.target)) return;
      var input = event.target;
      var tidy = null;
      if (input.hasAttribute("data-datetime")) {
        var parsed = parseDateTime(input.value);
        if (parsed && parsed.time) tidy = iso(parsed.day) + " " + parsed.time;
      } else {
        var d = parseDate(input.value);
        if (d) tidy = iso(d);
      }
      if (tidy && input.value !== tidy) input.value = tidy;
    });
  });
})();
