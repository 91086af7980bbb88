/* cectrack: let an auditor check a certificate against an audit packet, in the browser.
 *
 * The packet lists each certificate's SHA-256.  The auditor picks the file they received;
 * its SHA-256 is computed here (WebCrypto, nothing leaves the browser) and the matching row
 * of the proof table is highlighted, or the file is said not to be in this packet.  Without
 * JavaScript or WebCrypto the control stays hidden and the hashes can be compared by hand
 * (`sha256sum FILE`).  No dependencies, no network.
 */
(function () {
  "use strict";

  function hex(buffer) {
    var bytes = new Uint8Array(buffer), out = "";
    for (var i = 0; i < bytes.length; i++) out += ("0" + bytes[i].toString(16)).slice(-2);
    return out;
  }

  function row(code) {
    var node = code;
    while (node && node.tagName !== "TR") node = node.parentNode;
    return node;
  }

  function check(input, output) {
    var file = input.files && input.files[0];
    if (!file) return;
    file.arrayBuffer().then(function (data) {
      return window.crypto.subtle.digest("SHA-256", data);
    }).then(function (digest) {
      var sum = hex(digest), found = null;
      var hashes = document.querySelectorAll("code.cectrack-hash");
      for (var i = 0; i < hashes.length; i++) {
        var tr = row(hashes[i]);
        if (tr) tr.classList.remove("cectrack-match");
        if (hashes[i].textContent.trim() === sum && tr) found = tr;
      }
      if (found) {
        found.classList.add("cectrack-match");
        found.scrollIntoView({block: "center"});
        output.textContent = file.name + " matches certificate #" +
          found.cells[0].textContent.trim() + " of this packet (SHA-256 " + sum + ").";
      } else {
        output.textContent = file.name + " is not in this packet: its SHA-256 (" + sum +
          ") matches no certificate listed here.";
      }
      output.setAttribute("data-cectrack-result", found ? "match" : "none");
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
      var output = box.querySelector("output");
      input.addEventListener("change", check.bind(null, input, output));
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
