/* guidegen live reload. `guidegen serve` injects this into the pages it
   serves; it is never part of a build. See src/serve/livereload.rs for the
   messages. */
(function () {
  "use strict";
  if (window.__guidegenLive) return;
  var me = document.currentScript;
  var generation = Number(me && me.getAttribute("data-generation")) || 0;
  var page = (me && me.getAttribute("data-page")) || "";
  var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__guidegen/livereload";
  // ignoredReloads counts notices about other pages (tests wait on it).
  var state = (window.__guidegenLive = { connected: false, generation: generation, ignoredReloads: 0 });
  var delay = 250;
  var connectedBefore = false;

  function connect() {
    var socket;
    try {
      socket = new WebSocket(url);
    } catch (e) {
      retry();
      return;
    }
    socket.onopen = function () {
      delay = 250;
      state.connected = true;
      // The server restarted while this page was open: show what it serves now.
      if (connectedBefore) location.reload();
      connectedBefore = true;
    };
    socket.onmessage = function (event) {
      var msg;
      try {
        msg = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (msg.type === "hello") {
        // The site was rebuilt between serving this page and connecting.
        if (msg.generation !== generation) location.reload();
        else hideOverlay();
      } else if (msg.type === "reload") {
        // A list names the pages whose HTML changed; no list means all.
        if (!msg.pages || msg.pages.indexOf(page) !== -1) location.reload();
        else state.ignoredReloads += 1;
      } else if (msg.type === "css") {
        swapStylesheets(msg.files || []);
      } else if (msg.type === "errors") {
        showOverlay(msg.errors || []);
      }
    };
    socket.onclose = function () {
      state.connected = false;
      retry();
    };
  }

  function retry() {
    setTimeout(connect, delay);
    delay = Math.min(delay * 2, 5000);
  }

  function sameOrigin(link) {
    try {
      return new URL(link.href, location.href).origin === location.origin;
    } catch (e) {
      return false;
    }
  }

  function swapStylesheets(files) {
    var links = Array.prototype.slice
      .call(document.querySelectorAll('link[rel~="stylesheet"][href]'))
      .filter(sameOrigin);
    var paths = files.map(function (f) { return encodeURI("/" + f); });
    var changed = links.filter(function (link) {
      return paths.indexOf(new URL(link.href, location.href).pathname) !== -1;
    });
    // A changed stylesheet no link names directly (an @import): refresh all.
    if (!changed.length) changed = links;
    var stamp = String(Date.now());
    changed.forEach(function (link) {
      var href = new URL(link.href, location.href);
      href.searchParams.set("guidegen", stamp);
      var fresh = link.cloneNode(false);
      fresh.href = href.href;
      // Keep the old sheet until the new one is in, so nothing flashes.
      fresh.onload = fresh.onerror = function () {
        if (link.parentNode) link.parentNode.removeChild(link);
      };
      link.parentNode.insertBefore(fresh, link.nextSibling);
    });
  }

  function element(tag, style, text) {
    var el = document.createElement(tag);
    el.style.cssText = "all:revert;box-sizing:border-box;" + (style || "");
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function hideOverlay() {
    var old = document.getElementById("guidegen-overlay");
    if (old) old.parentNode.removeChild(old);
  }

  function showOverlay(errors) {
    hideOverlay();
    var box = element(
      "div",
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;" +
        "background:rgba(17,17,20,0.97);color:#f4f4f5;text-align:left;" +
        "font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
    );
    box.id = "guidegen-overlay";
    box.setAttribute("role", "alert");
    box.setAttribute("aria-live", "assertive");
    var n = errors.length;
    var title = element(
      "h2",
      "margin:0 0 0.5rem;font:700 1.25rem/1.3 system-ui,sans-serif;color:#fca5a5;",
      "guidegen: the last build failed with " + n + (n === 1 ? " error" : " errors")
    );
    var note = element(
      "p",
      "margin:0 0 1.5rem;font:0.95rem/1.4 system-ui,sans-serif;color:#d4d4d8;",
      "This page shows the last good build. Fix the errors and save: this goes away by itself."
    );
    var close = element(
      "button",
      "position:absolute;top:1rem;right:1rem;font:1rem system-ui,sans-serif;padding:0.25rem 0.75rem;cursor:pointer;",
      "Hide"
    );
    close.type = "button";
    close.onclick = hideOverlay;
    var list = element("ol", "margin:0;padding:0;list-style:none;");
    errors.forEach(function (e) {
      var item = element("li", "margin:0 0 1.25rem;padding:0.75rem 1rem;border-left:4px solid #f87171;background:#27272a;");
      var where = e.path + (e.line ? ":" + e.line + ":" + e.column : "");
      item.appendChild(element("div", "font-weight:700;color:#fde68a;", where));
      item.appendChild(element("div", "white-space:pre-wrap;color:#f4f4f5;", e.message));
      if (e.source_line) {
        var caret = e.column ? "\n" + new Array(e.column).join(" ") + "^" : "";
        item.appendChild(element("pre", "margin:0.5rem 0 0;padding:0;white-space:pre;overflow:auto;color:#a1a1aa;font:inherit;", e.source_line + caret));
      }
      if (e.hint) item.appendChild(element("div", "margin-top:0.25rem;color:#93c5fd;", "hint: " + e.hint));
      list.appendChild(item);
    });
    box.appendChild(close);
    box.appendChild(title);
    box.appendChild(note);
    box.appendChild(list);
    (document.body || document.documentElement).appendChild(box);
  }

  connect();
})();
