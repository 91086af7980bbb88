/* cectrack: open an encrypted audit packet in the auditor's browser.
 *
 * The packet's content was sealed at build time (AES-256-GCM, key from PBKDF2-SHA256 of the
 * password the holder gave the auditor).  Here the same WebCrypto primitives undo it; the
 * password and the content never leave the browser.  Links to the packet's CSV, JSON and ZIP
 * fetch the sealed files and decrypt them with the same key before saving.
 */
(function () {
  "use strict";

  function bytes(b64) {
    var text = atob(b64), out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }

  function deriveKey(password, item) {
    var subtle = window.crypto.subtle;
    return subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false,
                            ["deriveKey"]).then(function (base) {
      return subtle.deriveKey({name: "PBKDF2", salt: bytes(item.salt),
                               iterations: item.iterations, hash: "SHA-256"},
                              base, {name: "AES-GCM", length: 256}, false, ["decrypt"]);
    });
  }

  function open(key, item) {
    return window.crypto.subtle.decrypt({name: "AES-GCM", iv: bytes(item.iv)}, key,
                                        bytes(item.ct));
  }

  function sealedDownloads(root, key) {
    var links = root.querySelectorAll("a[href$='.csv'], a[href$='.json'], a[href$='.zip']");
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", function (event) {
        event.preventDefault();
        var href = this.getAttribute("href"), name = href.split("/").pop();
        fetch(href).then(function (r) { return r.json(); }).then(function (item) {
          return open(key, item);
        }).then(function (plain) {
          var link = document.createElement("a");
          link.href = URL.createObjectURL(new Blob([plain]));
          link.download = name;
          document.body.appendChild(link);
          link.click();
          link.remove();
        });
      });
    }
  }

  function setup() {
    var boxes = document.querySelectorAll("[data-cectrack-locked]");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.getAttribute("data-cectrack-ready") || !window.crypto || !window.crypto.subtle) continue;
      box.setAttribute("data-cectrack-ready", "1");
      box.querySelector("form").hidden = false;
      box.querySelector("form").addEventListener("submit", unlock.bind(null, box, null));
      // A private site: the password given on one page opens the next ones in this tab
      // (kept in sessionStorage, which the browser forgets when the tab closes).
      var remembered = sessionStorage.getItem(memoryKey(box));
      if (remembered) unlock(box, remembered);
    }
  }

  function memoryKey(box) {
    return "cectrack:" + JSON.parse(atob(box.getAttribute("data-cectrack-locked"))).salt;
  }

  function unlock(box, remembered, event) {
    if (event) event.preventDefault();
    var item = JSON.parse(atob(box.getAttribute("data-cectrack-locked")));
    var status = box.querySelector("[role=status]");
    var password = remembered || box.querySelector("input[type=password]").value;
    status.textContent = "Opening…";
    deriveKey(password, item).then(function (key) {
      return open(key, item).then(function (plain) {
        try { sessionStorage.setItem(memoryKey(box), password); } catch (e) { /* private mode */ }
        var holder = document.createElement("div");
        holder.innerHTML = new TextDecoder().decode(plain);  // cectrack's own escaped HTML
        box.replaceWith(holder);
        sealedDownloads(holder, key);
        document.dispatchEvent(new Event("cectrack:unlocked"));
      });
    }).catch(function () {
      status.textContent = "Wrong password: the page stays locked.";
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
