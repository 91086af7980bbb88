/* cectrack: let an auditor check certificates against an audit packet, in the browser.
 *
 * Each course's row carries its certificate's SHA-256 and file name (data-cectrack-sha256,
 * data-cectrack-name); a course not counted is marked data-cectrack-excluded (the packet's
 * ZIP holds its certificate too).  The auditor picks the files they received, one or many;
 * each file's SHA-256 is computed here (WebCrypto: nothing leaves the browser) and the
 * answer says, per file, which counted rows it matches (every one: sessions of one meeting
 * share a certificate), or which course listed as not counted, or that it has the name of a
 * listed certificate but other content (the file was changed), or that it is not in this
 * packet.  The matching rows are marked;
 * the page does not move, and the answer stays in view at the top while the table is read.
 * Without JavaScript or WebCrypto the control stays hidden and the hashes can be compared by
 * hand (`sha256sum FILE`).  No dependencies, no network.
 */
(function () {
  "use strict";

  function hex(buffer) {
    var bytes = new Uint8Array(buffer), out = "";
    for (var i = 0; i < bytes.length; i++) out += ("0" + bytes[i].toString(16)).slice(-2);
    return out;
  }

  function isCounted(row) {
    return !row.hasAttribute("data-cectrack-excluded");
  }

  function label(row) {
    // A counted course by its number; one not counted (which has none) by the title and
    // date its row shows: "Functional Training Workshop (2023-10-21)".
    if (isCounted(row)) return "#" + row.id.replace("course-", "");
    return row.querySelector("strong").textContent + " (" + row.cells[0].textContent + ")";
  }

  function found(answer) {
    var kind = answer.getAttribute("data-cectrack-answer");
    return kind === "match" || kind === "excluded";
  }

  function listed(rows) {
    // #4; #10 and #11; #1, #2 and #3 — each a link to its row.
    var span = document.createElement("span");
    rows.forEach(function (row, i) {
      if (i > 0) span.appendChild(document.createTextNode(i === rows.length - 1 ? " and " : ", "));
      var link = document.createElement("a");
      link.href = "#" + (row.id || "not-counted");
      link.textContent = label(row);
      link.addEventListener("click", function (event) {
        // To the row, in the middle of what the answer (on top) leaves of the screen.
        event.preventDefault();
        row.setAttribute("tabindex", "-1");
        row.scrollIntoView({block: "center"});
        row.focus({preventScroll: true});
      });
      span.appendChild(link);
    });
    return span;
  }

  function line(kind, mark, headline, rest) {
    var p = document.createElement("p");
    p.className = kind === "match" || kind === "excluded" ? "cectrack-ok" : "cectrack-no";
    p.setAttribute("data-cectrack-answer", kind);
    var strong = document.createElement("strong");
    strong.textContent = mark + " " + headline;
    p.appendChild(strong);
    rest.forEach(function (part) {
      p.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    return p;
  }

  function answer(file, sum, rows) {
    var same = rows.filter(function (r) { return r.getAttribute("data-cectrack-sha256") === sum; });
    var counted = same.filter(isCounted);
    if (counted.length) {
      counted.forEach(function (r) { r.classList.add("cectrack-match"); });
      return line("match", "✓", file.name, [
        " matches certificate" + (counted.length > 1 ? "s " : " "), listed(counted),
        " of this packet (SHA-256 " + sum + ")."]);
    }
    if (same.length) {
      same.forEach(function (r) { r.classList.add("cectrack-match"); });
      return line("excluded", "✓", file.name, [
        " matches the certificate of ", listed(same),
        ", listed in this packet as not counted (SHA-256 " + sum + ")."]);
    }
    var named = rows.filter(function (r) {
      return (r.getAttribute("data-cectrack-name") || "").toLowerCase() === file.name.toLowerCase();
    });
    if (named.length) {
      named.forEach(function (r) { r.classList.add("cectrack-changed"); });
      return line("changed", "✗", file.name, [
        ": same name as certificate" + (named.length > 1 ? "s " : " "), listed(named),
        ", different content: this file was changed after it was recorded (its SHA-256 is " +
        sum + ")."]);
    }
    return line("none", "✗", file.name, [
      " is not in this packet: its SHA-256 (" + sum + ") matches no certificate listed here."]);
  }

  function summary(answers) {
    var matched = answers.filter(found).length;
    var p = document.createElement("p");
    p.className = matched === answers.length ? "cectrack-ok" : "cectrack-no";
    var strong = document.createElement("strong");
    strong.textContent = answers.length + " files: " + matched + " match, " +
      (answers.length - matched) + " do" + (answers.length - matched === 1 ? "es" : "") +
      " not.";
    p.appendChild(strong);
    return p;
  }

  function keepClear(box) {
    // Rows brought into view (by a link, by the browser) stop below the answer, which
    // sticks at the top while it is shown.
    var shown = box.hasAttribute("data-cectrack-result");
    var below = (parseFloat(getComputedStyle(box).top) || 0) + box.offsetHeight + 8;
    document.documentElement.style.scrollPaddingTop = shown ? Math.round(below) + "px" : "";
  }

  function clear(box) {
    var rows = document.querySelectorAll("tr[data-cectrack-sha256]");
    for (var i = 0; i < rows.length; i++) rows[i].classList.remove("cectrack-match", "cectrack-changed");
    box.querySelector(".cectrack-verify-result").textContent = "";
    box.removeAttribute("data-cectrack-result");
    keepClear(box);
  }

  function check(box, input) {
    var files = Array.prototype.slice.call(input.files || []);
    clear(box);
    if (!files.length) return;
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-cectrack-sha256]"));
    var output = box.querySelector(".cectrack-verify-result");
    output.textContent = "Checking " + files.length + (files.length === 1 ? " file…" : " files…");
    Promise.all(files.map(function (file) {
      return file.arrayBuffer().then(function (data) {
        return window.crypto.subtle.digest("SHA-256", data);
      }).then(function (digest) { return answer(file, hex(digest), rows); });
    })).then(function (answers) {
      output.textContent = "";
      if (answers.length > 1) output.appendChild(summary(answers));
      answers.forEach(function (p) { output.appendChild(p); });
      var done = document.createElement("button");
      done.type = "button";
      done.className = "md-button cectrack-verify-clear";
      done.textContent = "Clear the check";
      done.addEventListener("click", function () {
        input.value = "";
        clear(box);
        input.focus();
      });
      output.appendChild(done);
      box.setAttribute("data-cectrack-result", answers.every(found) ? "match" : "mismatch");
      keepClear(box);
    });
  }

  function setup() {
    if (!window.crypto || !window.crypto.subtle) return;  // the control stays hidden
    var boxes = document.querySelectorAll("[data-cectrack-verify]");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.getAttribute("data-cectrack-ready")) continue;
      box.setAttribute("data-cectrack-ready", "1");
      box.hidden = false;
      var input = box.querySelector("input[type=file]");
      input.addEventListener("change", check.bind(null, box, input));
    }
  }

  document.addEventListener("cectrack:unlocked", setup);  // an encrypted packet just opened
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
