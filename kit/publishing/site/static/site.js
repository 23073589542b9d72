// The gallery's behaviour: the search box, absolute URLs in the embed snippets, the copy buttons, and Mermaid.
(function () {
  "use strict";
  var root = document.documentElement.getAttribute("data-root") || "";

  // Search: every word typed must appear in a case study's title, category, learn line, components or technologies.
  var entries = window.BLUEPRINT_SEARCH || [];
  var box = document.getElementById("search");
  var list = document.getElementById("search-results");
  function matches(entry, words) {
    var fields = [entry.title, entry.category, entry.learn].concat(entry.components, entry.tech);
    var text = fields.join("\n").toLowerCase();
    if (!words.every(function (w) { return text.indexOf(w) >= 0; })) return null;
    var named = entry.components.concat(entry.tech).filter(function (f) {
      var lower = f.toLowerCase();
      return words.some(function (w) { return lower.indexOf(w) >= 0; });
    });
    return named;
  }
  function show(query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { list.hidden = true; return; }
    var found = 0;
    entries.forEach(function (entry) {
      var named = matches(entry, words);
      if (named === null) return;
      found += 1;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + entry.slug + "/index.html";
      var title = document.createElement("strong");
      title.textContent = entry.title;
      var where = document.createElement("span");
      where.className = "where";
      where.textContent = entry.category + (named.length ? " · " + named.slice(0, 4).join(", ") : "");
      link.appendChild(title);
      link.appendChild(where);
      item.appendChild(link);
      list.appendChild(item);
    });
    if (!found) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = "No case study matches “" + query.trim() + "”.";
      list.appendChild(none);
    }
    list.hidden = false;
  }
  if (box && list) {
    box.addEventListener("input", function () { show(box.value); });
    box.addEventListener("keydown", function (event) {
      var first = list.querySelector("a");
      if (event.key === "Enter" && first) { window.location.href = first.href; }
      if (event.key === "Escape") { box.value = ""; show(""); }
    });
    document.addEventListener("click", function (event) {
      if (!list.contains(event.target) && event.target !== box) { list.hidden = true; }
    });
  }

  // Snippets name their files as ./<file>; a pasted snippet needs the full URL of where this page is served.
  var relative = /\.\/[a-z0-9][a-z0-9.-]*\.(?:svg|png|gif)/g;
  Array.prototype.forEach.call(document.querySelectorAll("code[data-snippet]"), function (code) {
    code.textContent = code.textContent.replace(relative, function (path) { return new URL(path, window.location.href).href; });
  });

  function copied(button, label) {
    button.textContent = label;
    window.setTimeout(function () { button.textContent = "Copy"; }, 1500);
  }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    button.addEventListener("click", function () {
      var code = document.getElementById(button.getAttribute("data-copy"));
      var text = code.textContent;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { copied(button, "Copied"); }, function () { copied(button, "Select and copy"); });
      } else {
        // file:// and plain http: select the text so that Ctrl+C copies it.
        var range = document.createRange();
        range.selectNodeContents(code);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        copied(button, document.execCommand("copy") ? "Copied" : "Press Ctrl+C");
      }
    });
  });

  // Mermaid is on the page only where the summary has a ```mermaid block and the site was built with it.
  if (window.mermaid) {
    var dark = window.matchMedia("(prefers-color-scheme: dark)").matches;
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "default" });
    window.mermaid.run({ querySelector: "pre.mermaid" });
  }
})();
