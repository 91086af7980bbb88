/* cectrack: open a sealed page in the reader's browser.
 *
 * A sealed page is published as a shell: a password form and the page itself, sealed at
 * build time (AES-256-GCM, key from PBKDF2-SHA256 of the password; cectrack/audit/lock.py).
 * Here the same WebCrypto primitives open it, and the page is written in place of the
 * shell, whole, with its menu, search and scripts.  The password and the content never
 * leave the browser.  Sealed files the page links to (CSV, JSON, ZIP, the search index,
 * images kept under docs/) are fetched and opened with the same key.
 *
 * The key (never the password) is kept for the browser tab in sessionStorage, under the
 * build's salt: the next page of the same build opens at once, without showing its form.
 */
(function () {
  "use strict";

  // ---- The mechanism: passwords, keys, sealed items ------------------------------------

  // Trimmed from both ends, as lock.py's TRIMMED (a test compares the two).
  var TRIMMED = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006" +
                "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
  var TRIM = new RegExp("^[" + TRIMMED + "]+|[" + TRIMMED + "]+$", "g");
  var script = document.currentScript;
  var ROOT = script && script.src ? script.src.replace(/assets\/cectrack\/unlock\.js(\?.*)?$/, "") : null;

  function normalisePassword(text) {
    return String(text).replace(TRIM, "").normalize("NFC");
  }

  function bytes(b64) {
    var text = atob(b64), out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }

  function base64(buffer) {
    var view = new Uint8Array(buffer), text = "";
    for (var i = 0; i < view.length; i++) text += String.fromCharCode(view[i]);
    return btoa(text);
  }

  function memoryKey(salt) { return "cectrack:key:" + salt; }

  function deriveKey(password, item) {
    var subtle = window.crypto.subtle;
    return subtle.importKey("raw", new TextEncoder().encode(normalisePassword(password)),
                            "PBKDF2", false, ["deriveKey"]).then(function (base) {
      return subtle.deriveKey({name: "PBKDF2", salt: bytes(item.salt),
                               iterations: item.iterations, hash: "SHA-256"},
                              base, {name: "AES-GCM", length: 256}, true, ["decrypt"]);
    });
  }

  function remember(salt, key) {
    return window.crypto.subtle.exportKey("raw", key).then(function (raw) {
      try { sessionStorage.setItem(memoryKey(salt), base64(raw)); } catch (e) { /* private mode */ }
    });
  }

  function remembered(salt) {
    try { return sessionStorage.getItem(memoryKey(salt)); } catch (e) { return null; }
  }

  function rememberedKey(salt) {
    var raw = remembered(salt);
    if (!raw) return Promise.reject(new Error("no key"));
    return window.crypto.subtle.importKey("raw", bytes(raw), "AES-GCM", false, ["decrypt"]);
  }

  function decrypt(key, item) {
    return window.crypto.subtle.decrypt({name: "AES-GCM", iv: bytes(item.iv)}, key,
                                        bytes(item.ct));
  }

  function openFile(url) {
    // A sealed file of the site, opened with the key remembered for its build.
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (item) {
      return rememberedKey(item.salt).then(function (key) { return decrypt(key, item); });
    });
  }

  // ---- A whole sealed page: written in place of its shell ------------------------------

  // Where each generator's search reads its index: MkDocs' and Material's, Zensical's.
  var SEARCH_INDEXES = ["search/search_index.json", "search.json"];

  function searchIndex() {
    // The theme asks for its search index (sealed): it gets the opened index.
    if (!ROOT || location.protocol === "file:") return Promise.resolve(null);
    function attempt(i) {
      if (i >= SEARCH_INDEXES.length) return Promise.resolve(null);
      var sealed = ROOT + SEARCH_INDEXES[i];
      return openFile(sealed).then(function (plain) {
        return {sealed: sealed,
                opened: URL.createObjectURL(new Blob([plain], {type: "application/json"}))};
      }).catch(function () { return attempt(i + 1); });
    }
    return attempt(0);
  }

  function redirectSearch(index) {
    if (!index || window.__cectrackSearch) return;
    window.__cectrackSearch = index.opened;
    var original = XMLHttpRequest.prototype.open;
    XMLHttpRequest.prototype.open = function (method, url) {
      var args = Array.prototype.slice.call(arguments);
      if (new URL(String(url), location.href).href === index.sealed) args[1] = index.opened;
      return original.apply(this, args);
    };
  }

  function writePage(html, index) {
    redirectSearch(index);
    document.open();
    document.write(html);
    document.close();
  }

  // ---- Sealed files a page links to: saved opened; sealed images shown ------------------

  var TYPES = {png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif",
               svg: "image/svg+xml", webp: "image/webp", pdf: "application/pdf"};

  function typeOf(name) { return TYPES[name.split(".").pop().toLowerCase()] || ""; }

  function sealedFiles() {
    var list = document.getElementById("cectrack-sealed-files");
    if (!list) return {};
    var named = JSON.parse(list.textContent), found = {};
    for (var url in named) found[new URL(url, location.href).href] = named[url];
    return found;
  }

  function save(url, name) {
    openFile(url).then(function (plain) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([plain], {type: typeOf(name)}));
      link.download = name;
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }

  function openLinkedFiles(root) {
    var named = sealedFiles();
    var links = root.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var name = named[links[i].href];
      if (!name) continue;
      links[i].addEventListener("click", function (name, event) {
        event.preventDefault();
        save(this.href, name);
      }.bind(links[i], name));
    }
    var images = root.querySelectorAll("img[src]");
    for (var j = 0; j < images.length; j++) {
      var image = images[j], imageName = named[image.src];
      if (!imageName) continue;
      openFile(image.src).then(function (image, imageName, plain) {
        image.src = URL.createObjectURL(new Blob([plain], {type: typeOf(imageName)}));
      }.bind(null, image, imageName));
    }
  }

  // ---- The shell: no form while a remembered key opens the page --------------------------

  var shell = document.documentElement.classList.contains("cectrack-shell");
  if (shell) {
    var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    document.documentElement.setAttribute("data-md-color-scheme", dark ? "slate" : "default");
    var salt = document.documentElement.getAttribute("data-cectrack-salt");
    if (salt && remembered(salt)) document.documentElement.classList.add("cectrack-opening");
  }

  function itemOf(box) {
    return JSON.parse(atob(box.getAttribute("data-cectrack-locked")));
  }

  function open(box, key) {
    var item = itemOf(box);
    var index = box.hasAttribute("data-cectrack-document") ? searchIndex() : Promise.resolve(null);
    return Promise.all([decrypt(key, item), index]).then(function (found) {
      var html = new TextDecoder().decode(found[0]);
      if (box.hasAttribute("data-cectrack-document")) {
        writePage(html, found[1]);
        return;
      }
      var holder = document.createElement("div");
      holder.innerHTML = html;  // cectrack's own escaped HTML
      box.replaceWith(holder);
      openLinkedFiles(holder);
      document.dispatchEvent(new Event("cectrack:unlocked"));
    });
  }

  // ---- The form (its look and words: the packet's own part) -----------------------------

  var OPENED = "cectrack:opened";  // set when the reader's password opened a page

  function kindOf(box) {
    return box.getAttribute("data-cectrack-kind") === "packet" ? "packet" : "page";
  }

  function say(box, text, wrong) {
    var input = box.querySelector("input[type=password]");
    box.querySelector("[role=status]").textContent = text;
    box.classList.toggle("cectrack-locked--wrong", !!wrong);
    if (wrong) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  function showForm(box) {
    document.documentElement.classList.remove("cectrack-opening");
    box.querySelector("form").hidden = false;
    var input = box.querySelector("input[type=password]");
    input.addEventListener("input", function () {
      if (input.hasAttribute("aria-invalid")) say(box, "", false);
    });
    input.focus();  // the one thing to do on this page
  }

  function announceOpened() {
    // The page the reader's password opened: focus on its title, and a screen reader hears
    // that it opened (a live region made first, its words set a moment later).
    var kind;
    try { kind = sessionStorage.getItem(OPENED); sessionStorage.removeItem(OPENED); } catch (e) { return; }
    if (!kind) return;
    var title = document.querySelector(".md-content h1, main h1, h1");
    var untouched = !document.activeElement || document.activeElement === document.body;
    if (title && untouched) {  // never taken from where the reader already is
      if (!title.hasAttribute("tabindex")) title.setAttribute("tabindex", "-1");
      title.focus();
    }
    var news = document.createElement("p");
    news.className = "cectrack-sr";
    news.setAttribute("role", "status");
    news.setAttribute("aria-live", "polite");
    document.body.appendChild(news);
    setTimeout(function () {
      news.textContent = kind === "packet" ? "Packet opened." : "Page opened.";
    }, 150);
  }

  // A box inside a page (not a whole page) opened in place: the same focus and words.
  document.addEventListener("cectrack:unlocked", announceOpened);

  function setup() {
    var boxes = document.querySelectorAll("[data-cectrack-locked]");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.getAttribute("data-cectrack-ready") || !window.crypto || !window.crypto.subtle) continue;
      box.setAttribute("data-cectrack-ready", "1");
      box.querySelector("form").addEventListener("submit", unlock.bind(null, box));
      rememberedKey(itemOf(box).salt).then(open.bind(null, box)).catch(showForm.bind(null, box));
    }
    if (!shell) {
      openLinkedFiles(document);
      announceOpened();
    }
  }

  function unlock(box, event) {
    event.preventDefault();
    var item = itemOf(box);
    var input = box.querySelector("input[type=password]");
    var button = box.querySelector("button[type=submit]");
    var password = input.value;
    if (!normalisePassword(password)) {
      say(box, "Enter the password first: the field is empty.", true);
      input.focus();
      return;
    }
    say(box, "Opening…", false);
    button.disabled = true;
    deriveKey(password, item).then(function (key) {
      return decrypt(key, item).then(function () {
        return remember(item.salt, key);
      }).then(function () {
        try { sessionStorage.setItem(OPENED, kindOf(box)); } catch (e) { /* private mode */ }
        return open(box, key);
      });
    }).catch(function () {
      button.disabled = false;
      say(box, "Wrong password: the " + kindOf(box) + " stays locked. Check it with whoever " +
          "gave it to you; capital letters count, spaces at either end do not.", true);
      input.select();
      input.focus();
    });
  }

  window.cectrackUnlock = {normalisePassword: normalisePassword};

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
