/* A region's readiness checklist: ticks kept in this browser (localStorage),
   progress per pillar and overall, export as Markdown and CSV, reset.
   Nothing leaves the page. Without this script the page is a plain list. */
(function () {
  "use strict";
  var root = document.querySelector("[data-checklist]");
  if (!root) return;
  var key = root.getAttribute("data-checklist");
  var strings = {};
  try { strings = JSON.parse(document.getElementById("checklist-i18n").textContent); } catch (e) { /* defaults */ }
  var boxes = Array.prototype.slice.call(root.querySelectorAll("input[data-task]"));

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(key) || "[]");
      return Array.isArray(saved) ? saved : [];
    } catch (e) { return []; }
  }
  function save() {
    var ticked = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.getAttribute("data-task"); });
    try { window.localStorage.setItem(key, JSON.stringify(ticked)); } catch (e) { /* storage off: ticks last this visit */ }
  }
  function format(done, total) {
    return (strings.progress || "{done} of {total} done").replace("{done}", done).replace("{total}", total);
  }
  function text(el) { return el.textContent.replace(/\s+/g, " ").trim(); }
  function rows() {
    var out = [];
    Array.prototype.forEach.call(root.querySelectorAll(".checklist-pillar"), function (section) {
      var pillar = text(section.querySelector("h2"));
      Array.prototype.forEach.call(section.querySelectorAll(".checklist-playbook"), function (group) {
        var playbook = text(group.querySelector("h3"));
        Array.prototype.forEach.call(group.querySelectorAll("li"), function (li) {
          var box = li.querySelector("input[data-task]");
          out.push({ pillar: pillar, playbook: playbook, task: text(li.querySelector(".checklist-text")), done: box.checked });
        });
      });
    });
    return out;
  }
  function markdown() {
    var lines = ["# " + root.getAttribute("data-title")], pillar = null, playbook = null;
    rows().forEach(function (r) {
      if (r.pillar !== pillar) { lines.push("", "## " + r.pillar); pillar = r.pillar; playbook = null; }
      if (r.playbook !== playbook) { lines.push("", "### " + r.playbook, ""); playbook = r.playbook; }
      lines.push("- [" + (r.done ? "x" : " ") + "] " + r.task);
    });
    return lines.join("\n") + "\n";
  }
  function csv() {
    var cell = function (s) { return /[",\n]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s; };
    var head = [strings.pillar || "Pillar", strings.playbook || "Playbook", strings.task || "Task", strings.done || "Done"];
    var lines = [head.map(cell).join(",")];
    rows().forEach(function (r) {
      lines.push([r.pillar, r.playbook, r.task, r.done ? "TRUE" : "FALSE"].map(cell).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }
  function update() {
    Array.prototype.forEach.call(root.querySelectorAll(".checklist-pillar"), function (section) {
      var own = section.querySelectorAll("input[data-task]"), done = 0;
      Array.prototype.forEach.call(own, function (b) { if (b.checked) done++; });
      section.querySelector("progress").value = done;
      section.querySelector(".checklist-count").textContent = format(done, own.length);
    });
    var done = boxes.filter(function (b) { return b.checked; }).length;
    var overall = root.querySelector(".checklist-overall");
    overall.querySelector("progress").value = done;
    overall.querySelector(".checklist-count").textContent = format(done, boxes.length);
    root.querySelector("[data-export=md]").href = "data:text/markdown;charset=utf-8," + encodeURIComponent(markdown());
    root.querySelector("[data-export=csv]").href = "data:text/csv;charset=utf-8," + encodeURIComponent("\ufeff" + csv());
  }

  var ticked = load();
  boxes.forEach(function (b) {
    b.checked = ticked.indexOf(b.getAttribute("data-task")) !== -1;
    b.addEventListener("change", function () { save(); update(); });
  });
  root.querySelector("[data-reset]").addEventListener("click", function () {
    boxes.forEach(function (b) { b.checked = false; });
    try { window.localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
    update();
    root.querySelector("[data-status]").textContent = strings.cleared || "";
  });
  Array.prototype.forEach.call(root.querySelectorAll("[hidden]"), function (el) {
    if (el.matches(".checklist-tools, .checklist-progress")) el.hidden = false;
  });
  update();
})();
