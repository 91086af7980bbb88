/* cectrack: keep "days left" current between builds.
 *
 * The page is built with the figures of its build day.  Each element marked
 * data-cectrack-deadline="YYYY-MM-DD" is rewritten with the days left (or overdue) from the
 * reader's own today; without JavaScript the build-time text stays, with its "as of" date.
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

  function refresh() {
    var today = new Date();
    var marked = document.querySelectorAll("[data-cectrack-deadline]");
    for (var i = 0; i < marked.length; i++) {
      var days = daysBetween(today, marked[i].getAttribute("data-cectrack-deadline"));
      marked[i].textContent = days >= 0 ? plural(days, "day") + " left"
                                        : plural(-days, "day") + " overdue";
      marked[i].setAttribute("data-cectrack-days", String(days));
      marked[i].classList.toggle("cectrack-overdue", days < 0);
    }
  }

  // Material's instant navigation swaps pages without a reload: follow it when present.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(refresh);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", refresh);
  } else {
    refresh();
  }
})();
