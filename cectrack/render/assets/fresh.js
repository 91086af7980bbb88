/* cectrack: keep every line that depends on the day true on the reader's own day.
 *
 * The page is built with the words of its build day.  The build also works out, for every
 * later day on which a line's words change, what they become (cectrack/render/live.py), and
 * puts them on the line:
 *
 *   data-cectrack-live='{"end": "2026-12-31", "amount": 6.5,
 *                        "phases": [[null, "words…"], ["2027-01-01", "kind", "words…"], …]}'
 *
 * This script takes the last phase whose day has come, fills in the figures that change
 * every day ({days}, {days_words}, {days_left}, {per_week}, {per_month}: `fill` below is
 * live.py's `fill`), and writes the words; a phase with a kind sets data-kind (a state word
 * also sets its card's colour); empty words hide the line.  Also: each
 * data-cectrack-deadline element shows the days left or overdue, each data-cectrack-from
 * block shows from its day on, and the "as of" line names both days.  Without JavaScript
 * the build day's words stay, with their "as of" date.  No dependencies, no network.
 */
(function () {
  "use strict";

  function isoOf(date) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate());
  }

  function daysBetween(fromDate, toIso) {
    var parts = toIso.split("-");
    var to = Date.UTC(+parts[0], +parts[1] - 1, +parts[2]);
    var from = Date.UTC(fromDate.getFullYear(), fromDate.getMonth(), fromDate.getDate());
    return Math.round((to - from) / 86400000);
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function daysText(days) {
    return days >= 0 ? plural(days, "day") + " left" : plural(-days, "day") + " overdue";
  }

  function halfUp(value, digits) {
    var scale = Math.pow(10, digits);
    return Math.floor(value * scale + 0.5) / scale;
  }

  function fill(template, end, amount, today) {
    var days = daysBetween(today, end);
    var values = {
      days: String(Math.abs(days)),
      days_words: plural(Math.abs(days), "day"),
      days_left: daysText(days),
      per_week: String(halfUp(amount / Math.max(days / 7, 1), 1)),
      per_month: String(halfUp(amount / Math.max(days / (365.25 / 12), 1), 2))
    };
    return template.replace(/\{(days|days_words|days_left|per_week|per_month)\}/g,
                            function (_, name) { return values[name]; });
  }

  function phaseOn(phases, todayIso) {
    var found = phases[0];
    for (var i = 1; i < phases.length; i++) {
      if (phases[i][0] <= todayIso) found = phases[i];
    }
    return found;
  }

  function refreshLine(element, today) {
    var live = JSON.parse(element.getAttribute("data-cectrack-live"));
    var phase = phaseOn(live.phases, isoOf(today));
    var words = fill(phase[phase.length - 1], live.end, live.amount, today);
    element.textContent = words;
    element.hidden = words === "";
    if (phase.length > 2) {
      var kind = phase[1];
      if (element.classList.contains("cectrack-state-word")) {
        element.setAttribute("data-state", kind);
        var card = element.closest(".cectrack-card");
        if (card) card.className = card.className.replace(/cectrack-state--\w+/, "cectrack-state--" + kind);
      } else {
        element.setAttribute("data-kind", kind);
      }
    }
  }

  function refreshAsOf(today) {
    var line = document.querySelector("[data-cectrack-asof]");
    if (!line) return;
    var built = line.getAttribute("data-cectrack-asof");
    var words = new Date(built + "T00:00:00").toLocaleDateString("en-GB", {
      day: "numeric", month: "long", year: "numeric"});
    var todayWords = today.toLocaleDateString("en-GB", {
      day: "numeric", month: "long", year: "numeric"});
    var text = built === isoOf(today)
      ? "Figures as of today, " + todayWords + "."
      : "Figures from the build of " + words + "; days counted from today, " + todayWords + ".";
    var em = line.querySelector("em") || line;
    em.textContent = text;
  }

  function scrollableByKeyboard() {
    // The theme wraps each table in a box that scrolls sideways on a narrow screen; a
    // keyboard user can scroll it only if it can take the focus (WCAG 2.1.1).  As a region
    // it needs a name of its own (two tables named alike are two landmarks no one can tell
    // apart): the table's caption, else the heading above it, numbered if one repeats.
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap");
    var taken = {};
    var named = document.querySelectorAll("[role=region][aria-label]");
    var i;
    for (i = 0; i < named.length; i++) taken[named[i].getAttribute("aria-label")] = true;
    for (i = 0; i < boxes.length; i++) {
      if (boxes[i].getAttribute("role") === "region") continue;  // named on an earlier visit
      var base = tableName(boxes[i]), name = base;
      for (var n = 2; taken[name]; n++) name = base + " (" + n + ")";
      taken[name] = true;
      boxes[i].setAttribute("tabindex", "0");
      boxes[i].setAttribute("role", "region");
      boxes[i].setAttribute("aria-label", name);
    }
  }

  function tableName(box) {
    var caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var headings = document.querySelectorAll("h1, h2, h3, h4, h5, h6");
    var above = null;
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING) above = headings[i];
    }
    // The heading's words without its permalink mark.
    var words = above ? above.textContent.replace(/\u00b6/g, "").trim() : "";
    return words || "Table";
  }

  function refresh() {
    var today = new Date();
    var i;
    scrollableByKeyboard();
    var lines = document.querySelectorAll("[data-cectrack-live]");
    for (i = 0; i < lines.length; i++) refreshLine(lines[i], today);
    var marked = document.querySelectorAll("[data-cectrack-deadline]");
    for (i = 0; i < marked.length; i++) {
      var days = daysBetween(today, marked[i].getAttribute("data-cectrack-deadline"));
      marked[i].textContent = daysText(days);
      marked[i].setAttribute("data-cectrack-days", String(days));
      marked[i].classList.toggle("cectrack-overdue", days < 0);
    }
    var blocks = document.querySelectorAll("[data-cectrack-from]");
    for (i = 0; i < blocks.length; i++) {
      blocks[i].hidden = isoOf(today) < blocks[i].getAttribute("data-cectrack-from");
    }
    refreshAsOf(today);
  }

  // An encrypted page (unlock.js) shows its figures only once opened: work them out then.
  document.addEventListener("cectrack:unlocked", refresh);
  // Material's instant navigation swaps pages without a reload: follow it when present.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(refresh);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", refresh);
  } else {
    refresh();
  }
})();
