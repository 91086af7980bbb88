/* cectrack: keep "days left" current between builds.
 *
 * The page is built with the figures of its build day.  Each element marked
 * data-cectrack-deadline="YYYY-MM-DD" is rewritten with the days left (or overdue) from the
 * reader's own today; without JavaScript the build-time text stays, with its "as of" date.
 * Each data-cectrack-state element (the dashboard's status) is worked out again the same
 * way: `state` below is cectrack/standing.py's `standing`, with the same thresholds.
 * No dependencies, no network.
 */
(function () {
  "use strict";

  function daysBetween(fromDate, toIso) {
    var parts = toIso.split("-");
    var to = Date.UTC(+parts[0], +parts[1] - 1, +parts[2]);
    var from = Date.UTC(fromDate.getFullYear(), fromDate.getMonth(), fromDate.getDate());
    return Math.round((to - from) / 86400000);
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  var LABELS = {
    met: "Requirements met", on_track: "On track", behind_pace: "Behind pace",
    due_soon: "Due soon", grace: "In the grace period", lapsed: "Lapsed"
  };

  function expectedBy(facts, today) {
    // The credit a steady pace from the window's start would have reached by today.
    var elapsed = -daysBetween(today, facts.start);
    var span = daysBetween(new Date(facts.start + "T00:00:00"), facts.end);
    if (elapsed <= 0) return 0;
    if (span <= 0) return facts.required;
    return Math.round(facts.required * Math.min(1, elapsed / span) * 100) / 100;
  }

  function state(facts, today) {
    var daysLeft = daysBetween(today, facts.end);
    if (facts.met) return "met";
    if (daysLeft < 0) {
      var inGrace = facts.grace_end !== null && daysBetween(today, facts.grace_end) >= 0 &&
                    facts.earning_in_grace;
      return inGrace ? "grace" : "lapsed";
    }
    if (daysLeft <= facts.due_soon_days) return "due_soon";
    return facts.earned < expectedBy(facts, today) ? "behind_pace" : "on_track";
  }

  function refreshStates(today) {
    var marked = document.querySelectorAll("[data-cectrack-state]");
    for (var i = 0; i < marked.length; i++) {
      var now = state(JSON.parse(marked[i].getAttribute("data-cectrack-state")), today);
      var card = marked[i].closest(".cectrack-card");
      if (card) card.className = card.className.replace(/cectrack-state--\w+/, "cectrack-state--" + now);
      marked[i].setAttribute("data-state", now);
      marked[i].textContent = LABELS[now];
    }
  }

  function scrollableByKeyboard() {
    // The theme wraps each table in a box that scrolls sideways on a narrow screen; a
    // keyboard user can scroll it only if it can take the focus (WCAG 2.1.1).
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].setAttribute("tabindex", "0");
      boxes[i].setAttribute("role", "region");
      boxes[i].setAttribute("aria-label", "Table, scrolls sideways");
    }
  }

  function refresh() {
    var today = new Date();
    scrollableByKeyboard();
    refreshStates(today);
    var marked = document.querySelectorAll("[data-cectrack-deadline]");
    for (var i = 0; i < marked.length; i++) {
      var days = daysBetween(today, marked[i].getAttribute("data-cectrack-deadline"));
      marked[i].textContent = days >= 0 ? plural(days, "day") + " left"
                                        : plural(-days, "day") + " overdue";
      marked[i].setAttribute("data-cectrack-days", String(days));
      marked[i].classList.toggle("cectrack-overdue", days < 0);
    }
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
