/* cectrack: the add-a-course form (the site's "Add a course" page).
 *
 * Checks each answer in the browser with the words and limits of `cectrack check`, which
 * the page carries in data-cectrack-add (made by cectrack/render/addform.py from the
 * checker's own Python: nothing is written here a second time), then writes the entry as
 * YAML and the file name `cectrack add` would give it, and opens GitHub's new-file page
 * with both filled in.  No dependencies; nothing leaves the page before the button.
 */
(function () {
  "use strict";

  // --- the entry as YAML ---------------------------------------------------------------

  // YAML reads some plain words as something else (null, booleans): those, and anything
  // but plain letters, digits and a few signs, are written in double quotes (a JSON
  // string is a YAML one; the characters YAML reads as line breaks are escaped too).
  var PLAIN = /^[\p{L}\p{N}][\p{L}\p{N} .,&()'\/+_-]*$/u;
  var SPECIAL = /^(~|null|yes|no|true|false|on|off|y|n)$/i;

  function yamlText(text) {
    if (PLAIN.test(text) && !/ $/.test(text) && !SPECIAL.test(text)) return text;
    return JSON.stringify(text).replace(/[\u0085\u2028\u2029]/g, function (c) {
      return "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
    });
  }

  function slug(text, limit) {
    // files/paths.py's slug: ASCII letters and digits, the rest as dashes.
    var ascii = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
    var words = ascii.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return words.slice(0, limit).replace(/-+$/, "") || "entry";
  }

  function entryPath(config, values) {
    return config.credits_dir + "/" + values.completed.slice(0, 4) + "/" +
           values.completed + "-" + slug(values.title, config.slug_limit) + ".yaml";
  }

  function entryYaml(config, values) {
    var lines = [];
    config.order.forEach(function (name) {
      var value = values[name];
      if (value === undefined || value === null || value === "") return;
      if (name === "activity" && value === config.default_activity) return;
      if (typeof value === "object" && !Array.isArray(value)) {  // category: body -> id
        lines.push(name + ":");
        Object.keys(value).forEach(function (body) {
          lines.push("  " + yamlText(body) + ": " + yamlText(value[body]));
        });
      } else if (Array.isArray(value)) {  // tags: one word a line, as YAML's block list
        if (!value.length) return;
        lines.push(name + ":");
        value.forEach(function (word) { lines.push("  - " + yamlText(word)); });
      } else if (typeof value === "boolean" || typeof value === "number") {
        lines.push(name + ": " + String(value));
      } else if (config.kinds[name] === "date") {
        lines.push(name + ": " + value);
      } else {
        lines.push(name + ": " + yamlText(value));
      }
    });
    return lines.join("\n") + "\n";
  }

  // --- the checks (cectrack check's, with its words and limits) -------------------------

  function realDate(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
    var parts = text.split("-").map(Number);
    var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return day.getUTCFullYear() === parts[0] && day.getUTCMonth() === parts[1] - 1 &&
           day.getUTCDate() === parts[2];
  }

  function todayIso() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function hex(c) {
    return "U+" + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
  }

  function check(config, form) {
    var values = {}, errors = [], warnings = [];
    var bad = new RegExp(config.bad_character);
    var shown = visibleFields(config, form);
    function fail(name, words) { errors.push({name: name, words: words}); }

    config.fields.forEach(function (field) {
      if (!shown[field.name]) return;
      var input = form.elements[field.name];
      var text = (input.value || "").trim();
      var label = field.label;
      if (text === "") {
        if (field.required) fail(field.name, label + " is needed: " + field.doc + ".");
        return;
      }
      var found = text.match(bad);
      if (found) {
        fail(field.name, label + " holds the invisible character " + hex(found[0]) +
             ", which no credit file may hold: delete it, or type the text again.");
        return;
      }
      if (text.length > config.text_limit) {
        fail(field.name, label + " is longer than " + config.text_limit +
             " characters, too long for the address of GitHub's page.");
        return;
      }
      if (field.kind === "date") {
        if (!realDate(text)) {
          fail(field.name, label + ": " + text + " is not a real date; write it as YYYY-MM-DD.");
        } else if (text < config.first_day || text > config.last_day) {
          fail(field.name, label + ": " + text + " is outside the years " +
               config.first_day.slice(0, 4) + "–" + config.last_day.slice(0, 4) +
               " that cectrack accepts; check the year.");
        } else {
          values[field.name] = text;
        }
      } else if (field.kind === "number") {
        var number = text.replace(",", ".");
        if (/^-\s*(\d+(\.\d*)?|\.\d+)$/.test(number)) {  // check's negative-credits
          fail(field.name, label + ": " + text + " is negative; credits are zero or more. " +
               "Write the amount on the certificate.");
        } else if (!/^(\d+(\.\d*)?|\.\d+)$/.test(number)) {
          fail(field.name, label + " must be a number, e.g. 7.5, without its unit (the unit " +
               "has its own field).");
        } else if (Number(number) >= config.max_amount) {
          fail(field.name, label + ": " + text + " is more than any single course awards " +
               "(the limit is " + config.max_amount.toLocaleString("en-US") + ").");
        } else {
          values[field.name] = Number(number);
        }
      } else if (field.kind === "choice") {
        var known = (config.words[field.name] || []).map(function (w) { return w[0]; });
        if (known.indexOf(text) < 0) fail(field.name, label + ": " + text + " is not known.");
        else values[field.name] = text;
      } else if (field.kind === "bool") {
        values[field.name] = text === "true";
      } else if (field.name === "evidence") {
        if (/[\/\\]/.test(text) || text.charAt(0) === ".") {
          fail(field.name, label + " must be a plain file name, without folders, not " +
               "starting with a dot (e.g. certificate.pdf).");
        } else {
          values.evidence = config.certificates + "/" + text;
          values.certificate = text;
        }
      } else {
        values[field.name] = text;
      }
    });

    var ticked = form.querySelectorAll("input[name=tags]:checked");
    if (ticked.length) {
      values.tags = Array.prototype.map.call(ticked, function (box) { return box.value; });
    }

    var chosen = form.querySelectorAll("select[name=category]");
    Array.prototype.forEach.call(chosen, function (select) {
      if (!select.value) return;
      values.category = values.category || {};
      values.category[select.getAttribute("data-body")] = select.value;
    });

    var activity = values.activity || config.default_activity;
    if (values.credits === undefined && !errors.some(function (e) { return e.name === "credits"; }) &&
        config.credits_optional.indexOf(activity) < 0) {
      fail("credits", "Credits are needed: no rule gives a " + activity.replace(/_/g, " ") +
           " a value of its own. Write the amount on the certificate.");
    }
    if (values.started && values.completed && values.started > values.completed) {
      fail("started", "Started (" + values.started + ") is after completed (" +
           values.completed + "): swap the two dates.");
    }
    if (values.expires && values.completed && values.expires <= values.completed) {
      fail("expires", "Card expires (" + values.expires + ") is not after completed (" +
           values.completed + "): check the card's dates.");
    }
    if (values.completed && values.completed > todayIso()) {
      warnings.push("Completed is after today: the course will count from that day on.");
    }
    if (config.cards.indexOf(activity) >= 0 && !values.expires) {
      warnings.push("The card has no expiry date: renewing needs a current card, so add it " +
                    "when you can.");
    }
    if (!values.evidence) {
      warnings.push("No certificate named: an audit asks for one; add it when you have it.");
    }
    return {values: values, errors: errors, warnings: warnings};
  }

  // --- the page ------------------------------------------------------------------------

  function visibleFields(config, form) {
    var activity = form.elements.activity.value;
    var conditional = {};
    Object.keys(config.conditional).forEach(function (a) {
      config.conditional[a].forEach(function (name) { conditional[name] = conditional[name] || a === activity; });
    });
    var shown = {};
    config.fields.forEach(function (f) {
      shown[f.name] = !(f.name in conditional) || conditional[f.name];
    });
    return shown;
  }

  function showConditional(config, form) {
    var shown = visibleFields(config, form);
    var boxes = form.querySelectorAll("[data-conditional]");
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].hidden = !shown[boxes[i].getAttribute("data-field")];
    }
  }

  function showErrors(form, summary, errors) {
    var boxes = form.querySelectorAll(".cectrack-field");
    for (var i = 0; i < boxes.length; i++) {
      var name = boxes[i].getAttribute("data-field");
      var mine = errors.filter(function (e) { return e.name === name; });
      var message = boxes[i].querySelector(".cectrack-field-error");
      var input = form.elements[name];
      message.textContent = mine.map(function (e) { return e.words; }).join(" ");
      message.hidden = mine.length === 0;
      if (mine.length) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
    summary.textContent = "";
    summary.hidden = errors.length === 0;
    if (!errors.length) return;
    var title = document.createElement("h2");
    title.textContent = errors.length === 1 ? "1 answer to fix" : errors.length + " answers to fix";
    var list = document.createElement("ul");
    errors.forEach(function (e) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#add-" + e.name;
      link.textContent = e.words;
      item.appendChild(link);
      list.appendChild(item);
    });
    summary.appendChild(title);
    summary.appendChild(list);
    summary.focus();
  }

  function showResult(config, result) {
    var values = result.values;
    var path = entryPath(config, values);
    var text = entryYaml(config, values);
    var panel = document.getElementById("add-result");
    document.getElementById("add-path").textContent = path;
    document.getElementById("add-yaml").textContent = text;
    var warnings = document.getElementById("add-warnings");
    warnings.textContent = result.warnings.join(" ");
    warnings.hidden = result.warnings.length === 0;
    var next = document.getElementById("add-next");
    next.hidden = !values.certificate;
    document.getElementById("add-certificate").textContent = values.certificate || "";
    panel.hidden = false;
    panel.setAttribute("data-path", path);
    var url = "";
    if (config.new_file) {
      url = config.new_file + "?filename=" + encodeURIComponent(path) +
            "&value=" + encodeURIComponent(text);
      document.getElementById("add-open").href = url;
    }
    return url;
  }

  function init() {
    var form = document.getElementById("add-form");
    if (!form || form.getAttribute("data-cectrack-ready")) return;
    form.setAttribute("data-cectrack-ready", "1");
    var config = JSON.parse(form.getAttribute("data-cectrack-add"));
    var summary = document.getElementById("add-summary");
    if (!form.elements.completed.value) form.elements.completed.value = todayIso();
    showConditional(config, form);
    form.elements.activity.addEventListener("change", function () {
      showConditional(config, form);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var result = check(config, form);
      showErrors(form, summary, result.errors);
      if (result.errors.length) {
        document.getElementById("add-result").hidden = true;
        return;
      }
      var url = showResult(config, result);
      if (url) window.open(url, "_blank", "noopener");
      document.getElementById("add-result").focus();
    });
    document.getElementById("add-copy").addEventListener("click", function () {
      var text = document.getElementById("add-yaml").textContent;
      var said = document.getElementById("add-copied");
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { said.textContent = "Copied."; },
          function () { said.textContent = "Select the text above and copy it."; });
      } else {
        said.textContent = "Select the text above and copy it.";
      }
    });
  }

  // For the tests: the same functions the form uses, on any text.
  window.cectrackAdd = {yamlText: yamlText, slug: slug, entryYaml: entryYaml, entryPath: entryPath};

  document.addEventListener("cectrack:unlocked", init);
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
