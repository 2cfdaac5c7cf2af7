/* vanban staff pages: type search, and the form's in-place editing, checks, draft and live preview.
   Everything here is an enhancement: without it every button is a plain POST the server understands. */
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");
  document.documentElement.classList.add("js");

  /* ---------- shared ---------- */
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }
  /* The session's CSRF token (service/web/csrf.py): every POST to the pages themselves carries it. */
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }
  function announce(text) {
    var live = document.getElementById("live");
    if (!live) return;
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 30);
  }

  /* ---------- home: filter the type list as you type ---------- */
  function initSearch() {
    var input = document.getElementById("type-search");
    var list = document.getElementById("type-list");
    if (!input || !list) return;
    var count = document.getElementById("type-count");
    var empty = document.getElementById("type-empty");
    input.addEventListener("input", function () {
      var words = fold(input.value).split(" ").filter(Boolean);
      var shown = 0;
      list.querySelectorAll("[data-search]").forEach(function (li) {
        var hay = li.getAttribute("data-search");
        var ok = words.every(function (w) { return hay.indexOf(w) !== -1; });
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + " loại văn bản";
      empty.hidden = shown !== 0;
      if (!shown) empty.textContent = "Không có loại văn bản nào khớp “" + input.value + "”.";
    });
  }

  /* ---------- the form ---------- */
  var OMIT = {};
  var form, fieldsRoot, typeId, draftKey;
  var touched = new WeakSet();
  var showAll = false, dirty = false, seq = 0, timer = 0, serverErrors = {}, lastPreview = "";

  function fieldId(path) { return "f-" + path.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, ""); }
  function owner(el) { return el.parentElement ? el.parentElement.closest("[data-node]") : null; }
  function childNodes(container) {
    return Array.prototype.filter.call(container.querySelectorAll("[data-node]"), function (el) {
      return owner(el) === container;
    });
  }
  function own(container, selector) {
    return Array.prototype.filter.call(container.querySelectorAll(selector), function (el) {
      return el.closest("[data-node]") === container;
    });
  }
  function inputOf(el) { return el.matches("[data-input]") ? el : el.querySelector("[data-input]"); }
  function join(prefix, key) { return prefix ? prefix + "." + key : String(key); }

  /* Names, ids and labels follow the tree: run after every add/remove/move. */
  function assign(el, path) {
    var kind = el.getAttribute("data-node");
    el.setAttribute("data-path", path);
    if (kind === "field") {
      var input = inputOf(el);
      input.name = path;
      if (input.type === "hidden") return;
      var id = fieldId(path);
      input.id = id;
      var label = el.querySelector("label");
      if (label) label.htmlFor = id;
      var help = el.querySelector(".help");
      if (help) help.id = id + "-help";
      var err = own(el, "[data-err]")[0];
      if (err) err.id = id + "-err";
      input.setAttribute("aria-describedby", (help ? id + "-help " : "") + id + "-err");
    } else {
      if (path) el.id = fieldId(path);
      var boxErr = own(el, "[data-err]")[0];
      if (boxErr) boxErr.id = fieldId(path) + "-err";
    }
    if (kind === "list") {
      var title = own(el, ".list__title")[0];
      if (title) { title.id = fieldId(path) + "-title"; el.setAttribute("aria-labelledby", title.id); }
      var items = childNodes(el);
      var word = el.getAttribute("data-item-label");
      items.forEach(function (c, i) {
        c.setAttribute("data-key", String(i));
        relabel(c, word + " " + (i + 1), i === 0, i === items.length - 1);
        assign(c, path + "[" + i + "]");
      });
      var count = own(el, "[data-count]")[0];
      if (count) count.textContent = String(items.length);
      el.classList.toggle("is-empty", items.length === 0);
      own(el, "button[data-op=add]").forEach(function (b) { b.value = "add:" + path; });
    } else if (kind === "group") {
      childNodes(el).forEach(function (c) { assign(c, join(path, c.getAttribute("data-key"))); });
    }
    own(el, "button[data-op]").forEach(function (b) {
      var op = b.getAttribute("data-op");
      if (op !== "add") b.value = op + ":" + path;
    });
  }

  function relabel(item, text, first, last) {
    item.setAttribute("data-label", text);
    var kind = item.getAttribute("data-node");
    var target = kind === "group" ? own(item, ".item-label")[0] : (kind === "list" ? own(item, ".list__title")[0] : item.querySelector("label"));
    if (target) target.textContent = text;
    own(item, "button[data-op]").forEach(function (b) {
      var op = b.getAttribute("data-op");
      var verb = { up: "Chuyển " + text + " lên trên", down: "Chuyển " + text + " xuống dưới", remove: "Xóa " + text }[op];
      if (verb) b.setAttribute("aria-label", verb);
      if (op === "up") b.setAttribute("aria-disabled", first ? "true" : "false");
      if (op === "down") b.setAttribute("aria-disabled", last ? "true" : "false");
    });
    var tools = own(item, ".item-tools")[0];
    if (tools) tools.setAttribute("aria-label", "Thao tác với " + text);
  }

  function renumber() { assign(fieldsRoot, ""); }

  /* The document the form describes: the same rules as service/web/formdata.py. */
  function filled(v) {
    if (Array.isArray(v)) return v.length > 0;
    if (v && typeof v === "object") return Object.keys(v).some(function (k) { return filled(v[k]); });
    return v !== null && v !== "" && v !== undefined;
  }
  function serializeNode(el, member) {
    var kind = el.getAttribute("data-node");
    if (kind === "group") {
      var out = {};
      childNodes(el).forEach(function (c) {
        var v = serializeNode(c, false);
        if (v !== OMIT) out[c.getAttribute("data-key")] = v;
      });
      var keep = member || el.hasAttribute("data-required") || el.hasAttribute("data-root");
      return (keep || filled(out)) ? out : OMIT;
    }
    if (kind === "list") {
      var items = childNodes(el).map(function (c) { return serializeNode(c, true); });
      return items.length ? items : OMIT;
    }
    var input = inputOf(el);
    var type = el.getAttribute("data-type");
    if (type === "const") return input.value;
    if (type === "boolean") return input.checked ? true : (member ? "" : OMIT);
    var text = input.value.replace(/\r\n?/g, "\n").trim();
    if (!text) return member ? "" : OMIT;
    if (type === "integer" && /^[+-]?[0-9]{1,12}$/.test(text)) return parseInt(text, 10);
    if (type === "number" && /^[+-]?[0-9]{1,12}(\.[0-9]{1,6})?$/.test(text)) return parseFloat(text);
    if (type === "text-or-number" && /^-?(0|[1-9][0-9]{0,11})(\.[0-9]{1,6})?$/.test(text)) return parseFloat(text);
    return text;
  }
  function serialize() { return serializeNode(fieldsRoot, false); }

  /* ---------- checks ---------- */
  /* A required field inside an optional block (the copy's issuer) only counts once that block is filled in. */
  function present(el, cache) {
    for (var g = owner(el); g && !g.hasAttribute("data-root"); g = owner(g)) {
      if (g.getAttribute("data-node") !== "group" || g.hasAttribute("data-required")) continue;
      var parent = owner(g);
      if (parent && parent.getAttribute("data-node") === "list") continue;
      if (!cache.has(g)) cache.set(g, serializeNode(g, false) !== OMIT);
      if (!cache.get(g)) return false;
    }
    return true;
  }

  function clientError(el, cache) {
    if (el.getAttribute("data-node") !== "field" || el.getAttribute("data-type") === "const") return null;
    var input = inputOf(el);
    if (input.type === "checkbox") return null;
    var text = input.value.trim();
    var label = el.getAttribute("data-label");
    if (!text) return el.hasAttribute("data-required") && present(el, cache) ? "“" + label + "” không được để trống" : null;
    var max = el.getAttribute("data-maxlength");
    var length = Array.from(text).length;
    if (max && length > Number(max)) return "“" + label + "” dài quá " + max + " ký tự (hiện có " + length + ")";
    var pattern = el.getAttribute("data-pattern");
    if (pattern) {
      try { if (!new RegExp(pattern, "u").test(text)) return "“" + label + "” không đúng dạng"; } catch (e) { /* server checks */ }
    }
    var type = el.getAttribute("data-type");
    if (type === "integer" || type === "number") {
      if (type === "integer" && !/^[+-]?[0-9]+$/.test(text)) return "“" + label + "” phải là số nguyên";
      if (type === "number" && !/^[+-]?[0-9]+(\.[0-9]+)?$/.test(text)) return "“" + label + "” phải là số (dấu chấm thập phân)";
      var n = Number(text), lo = el.getAttribute("data-minimum"), hi = el.getAttribute("data-maximum");
      var xlo = el.getAttribute("data-exclusiveminimum");
      if (lo !== null && n < Number(lo)) return "“" + label + "” nhỏ nhất là " + lo;
      if (xlo !== null && n <= Number(xlo)) return "“" + label + "” phải lớn hơn " + xlo;
      if (hi !== null && n > Number(hi)) return "“" + label + "” lớn nhất là " + hi;
    }
    return null;
  }

  function nodeForPath(path) {
    while (true) {
      var el = fieldsRoot.querySelector('[data-path="' + CSS.escape(path) + '"]');
      if (el && path) return el;
      var shorter = path.replace(/(\[\d+\]|\.[^.\[]+)$/, "");
      if (!path || shorter === path) return null;
      path = shorter;
    }
  }

  function setError(el, messages) {
    var err = own(el, "[data-err]")[0];
    if (!err) return;
    var text = messages.join("; ");
    err.textContent = text;
    err.hidden = !text;
    el.classList.toggle("has-error", !!text);
    var input = el.getAttribute("data-node") === "field" ? inputOf(el) : null;
    if (input) {
      if (text) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    }
    if (text) {
      var closed = el.closest("details:not([open])");
      if (closed && showAll) closed.open = true;
    }
  }

  /* Client checks first; the server's word (by path) for everything else. */
  function render() {
    var all = [];
    var byEl = new Map();
    fieldsRoot.querySelectorAll("[data-node]").forEach(function (el) { byEl.set(el, []); });
    var cache = new Map();
    fieldsRoot.querySelectorAll("[data-node=field]").forEach(function (el) {
      var msg = clientError(el, cache);
      if (msg) byEl.get(el).push(msg);
    });
    Object.keys(serverErrors).forEach(function (path) {
      var el = nodeForPath(path);
      if (!el) { serverErrors[path].forEach(function (m) { all.push({ el: null, message: m }); }); return; }
      var mine = byEl.get(el);
      if (mine && mine.length && el.getAttribute("data-path") === path) return;  // the client already said it
      serverErrors[path].forEach(function (m) { if (mine.indexOf(m) === -1) mine.push(m); });
    });
    byEl.forEach(function (messages, el) {
      var visible = showAll || touched.has(el);
      setError(el, visible ? messages : []);
      messages.forEach(function (m) { all.push({ el: el, message: m }); });
    });
    return all;
  }

  function updateSummary(all, focus) {
    var box = document.getElementById("form-errors");
    var list = box.querySelector("[data-error-list]");
    list.textContent = "";
    all.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      var target = e.el ? (inputOf(e.el) && e.el.getAttribute("data-node") === "field" ? inputOf(e.el) : e.el) : box;
      a.href = "#" + (target.id || "form-errors");
      a.textContent = e.message;
      li.appendChild(a);
      list.appendChild(li);
    });
    box.querySelector("[data-error-count]").textContent = String(all.length);
    box.hidden = all.length === 0;
    if (focus && all.length) { box.scrollIntoView({ block: "start" }); box.focus(); }
  }

  /* ---------- server: validate, then preview ---------- */
  function postJson(url, doc) {
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "Accept": "application/json, text/html" },
      body: JSON.stringify(doc), credentials: "same-origin" });
  }

  function check(focusSummary) {
    var mine = ++seq;
    var doc = serialize();
    if (dirty) saveDraft(doc);
    return postJson(form.getAttribute("data-validate-url"), doc).then(function (resp) {
      return resp.json().then(function (body) { return { status: resp.status, body: body }; });
    }).then(function (r) {
      if (mine !== seq) return null;
      serverErrors = {};
      (r.body.errors || []).forEach(function (e) { (serverErrors[e.path] = serverErrors[e.path] || []).push(e.message_vi); });
      if (r.status >= 500 || (r.status !== 200 && !r.body.errors)) serverErrors[""] = [r.body.title_vi || r.body.title];
      var all = render();
      if (showAll) updateSummary(all, focusSummary);
      if (r.status === 200) return refreshPreview(doc, mine).then(function () { return all; });
      markStale(Object.keys(serverErrors).length);
      return all;
    }).catch(function () {
      setStatus("Không kết nối được máy chủ để kiểm tra; thử lại sau.", true);
      return null;
    });
  }

  function setStatus(text, stale) {
    var status = document.getElementById("preview-status");
    status.textContent = text;
    status.classList.toggle("is-stale", !!stale);
  }

  function markStale(n) {
    var frame = document.getElementById("preview");
    if (lastPreview) frame.classList.add("is-stale");
    setStatus("Còn " + n + " chỗ cần sửa" + (lastPreview ? " — đang hiện bản hợp lệ gần nhất" : ""), true);
  }

  function refreshPreview(doc, mine) {
    return postJson(form.getAttribute("data-preview-url"), doc).then(function (resp) {
      if (!resp.ok) return null;
      return resp.text();
    }).then(function (html) {
      if (html === null || mine !== seq) return;
      var frame = document.getElementById("preview");
      document.getElementById("preview-empty").hidden = true;
      frame.hidden = false;
      frame.classList.remove("is-stale");
      if (html !== lastPreview) {
        lastPreview = html;
        frame.srcdoc = html;
      }
      var now = new Date();
      setStatus("Đã cập nhật lúc " + now.toLocaleTimeString("vi-VN"), false);
    });
  }

  function fitPreview() {
    var frame = document.getElementById("preview");
    var doc = frame.contentDocument;
    if (!doc || !doc.documentElement) return;
    var pages = doc.querySelectorAll(".vb-page");
    if (!pages.length) return;
    doc.documentElement.style.zoom = "";
    var widest = Math.max.apply(null, Array.prototype.map.call(pages, function (p) { return p.offsetWidth; }));
    var scale = Math.min(1, (frame.clientWidth - 24) / widest);
    doc.documentElement.style.zoom = String(scale);
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { check(false); }, 450);
  }

  /* ---------- drafts kept in this browser ---------- */
  function saveDraft(doc) {
    try { localStorage.setItem(draftKey, JSON.stringify({ saved: new Date().toISOString(), doc: doc })); } catch (e) { /* quota, private mode */ }
  }
  function loadDraft() {
    try { return JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (e) { return null; }
  }
  function offerDraft() {
    var draft = loadDraft();
    var banner = document.getElementById("draft-banner");
    if (!draft || !draft.doc || form.getAttribute("data-fresh") !== "1") return;
    var when = new Date(draft.saved);
    document.getElementById("draft-text").textContent = "Có bản nháp " + (draft.doc.summary ? "“" + draft.doc.summary + "” " : "") +
      "lưu trên máy này lúc " + when.toLocaleString("vi-VN") + ".";
    banner.hidden = false;
    document.getElementById("draft-restore").addEventListener("click", function () {
      replaceFields(draft.doc).then(function () {
        banner.hidden = true;
        announce("Đã khôi phục bản nháp");
        var first = fieldsRoot.querySelector("[data-input]:not([type=hidden])");
        if (first) first.focus();
      });
    });
    document.getElementById("draft-discard").addEventListener("click", function () {
      try { localStorage.removeItem(draftKey); } catch (e) { /* nothing to do */ }
      banner.hidden = true;
      announce("Đã bỏ bản nháp");
      var first = fieldsRoot.querySelector("[data-input]:not([type=hidden])");
      if (first) first.focus();
    });
  }

  /* Rebuild the fields from a document on the server (the same generator as the page itself). */
  function replaceFields(doc, query) {
    return fetch(form.getAttribute("data-fields-url") + (query ? "?" + query : ""), { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken() },
      body: JSON.stringify(doc), credentials: "same-origin" }).then(function (resp) {
      if (!resp.ok && (resp.headers.get("Content-Type") || "").indexOf("json") >= 0) {
        // a refusal (e.g. a table too large for the form): the form stays as it is and says why
        return resp.json().then(function (p) { throw new Error(p.title_vi || p.title); });
      }
      return resp.text();
    }).then(function (html) {
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var fresh = holder.querySelector("#fields");
      fieldsRoot.replaceWith(fresh);
      fieldsRoot = fresh;
      var templates = holder.querySelector("#templates");
      document.getElementById("templates").replaceWith(templates);
      renumber();
      showAll = true;
      dirty = true;
      return check(false);
    }).catch(function (err) { announce(err.message); window.alert(err.message); });
  }

  /* ---------- list buttons ---------- */
  function onListButton(btn) {
    var op = btn.getAttribute("data-op");
    var node = btn.closest("[data-node]");
    if (op === "add") {
      var tpl = document.querySelector('template[data-template-for="' + CSS.escape(node.getAttribute("data-template")) + '"]');
      var li = tpl.content.firstElementChild.cloneNode(true);
      own(node, ".list-items")[0].appendChild(li);
      renumber();
      var added = li.querySelector("[data-node]");
      var first = li.querySelector("[data-input]");
      if (first) first.focus();
      announce("Đã thêm " + added.getAttribute("data-label"));
    } else {
      if (btn.getAttribute("aria-disabled") === "true") return;
      var item = node.closest("li.list-item");
      var listEl = item.parentElement;
      var label = node.getAttribute("data-label");
      if (op === "remove") {
        var next = item.nextElementSibling || item.previousElementSibling;
        var list = owner(node);
        item.remove();
        renumber();
        var focusTarget = next ? own(next.querySelector("[data-node]"), "button[data-op=remove]")[0] : own(list, "button[data-op=add]")[0];
        if (focusTarget) focusTarget.focus();
        announce("Đã xóa " + label);
      } else {
        var sibling = op === "up" ? item.previousElementSibling : item.nextElementSibling;
        if (!sibling) return;
        if (op === "up") listEl.insertBefore(item, sibling); else listEl.insertBefore(sibling, item);
        renumber();
        btn.focus();
        announce("Đã chuyển " + label + (op === "up" ? " lên" : " xuống") + ", nay là " + node.getAttribute("data-label"));
      }
    }
    dirty = true;
    schedule();
  }

  /* ---------- place from the issuer ---------- */
  function suggestPlace(changed) {
    var path = changed.getAttribute("data-path");
    if (path !== "issuer.name" && path !== "issuer.parent") return;
    var place = fieldsRoot.querySelector('[data-path="place"] [data-input]');
    if (!place || (place.value.trim() && place.getAttribute("data-auto") !== "1")) return;
    var name = fieldsRoot.querySelector('[data-path="issuer.name"] [data-input]');
    var parent = fieldsRoot.querySelector('[data-path="issuer.parent"] [data-input]');
    var url = form.getAttribute("data-place-url") + "?name=" + encodeURIComponent(name ? name.value : "") +
      "&parent=" + encodeURIComponent(parent ? parent.value : "");
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (body) {
      if (!body.place || (place.value.trim() && place.getAttribute("data-auto") !== "1")) return;
      if (place.value !== body.place) {
        place.value = body.place;
        place.setAttribute("data-auto", "1");
        announce("Địa danh điền sẵn: " + body.place);
        schedule();
      }
    }).catch(function () { /* only a convenience */ });
  }

  function initForm() {
    form = document.getElementById("doc-form");
    if (!form) return;
    fieldsRoot = document.getElementById("fields");
    typeId = form.getAttribute("data-type");
    draftKey = "vanban.draft." + typeId;
    renumber();
    if (form.getAttribute("data-fresh") !== "1") showAll = true;

    form.addEventListener("click", function (e) {
      var btn = e.target.closest("button[data-op]");
      if (!btn || !form.contains(btn)) return;
      e.preventDefault();
      onListButton(btn);
    });
    /* Messages change as you type only where one is already shown (so fixing it clears it at once); new ones
       appear with the next check, not on blur: a message appearing under the pointer would move the button
       being clicked. */
    form.addEventListener("input", function (e) {
      var field = e.target.closest("[data-node=field]");
      if (!field) return;
      if (field.getAttribute("data-path") === "place") e.target.setAttribute("data-auto", "0");
      delete serverErrors[field.getAttribute("data-path")];  // about the old value
      dirty = true;
      if (touched.has(field)) render();
      schedule();
    });
    form.addEventListener("change", function (e) {
      var field = e.target.closest("[data-node=field]");
      if (!field) return;
      touched.add(field);
      suggestPlace(field);
      schedule();
    });
    var skipCheck = false;
    form.addEventListener("submit", function (e) {
      var submitter = e.submitter;
      var action = submitter ? submitter.value : "validate";
      if (skipCheck) { skipCheck = false; return; }
      if (action === "json") return;
      e.preventDefault();
      showAll = true;
      if (action === "preview") {
        var pane = document.querySelector(".preview-pane");
        pane.scrollIntoView({ block: "start" });
        check(false);
        document.getElementById("preview-title").setAttribute("tabindex", "-1");
        document.getElementById("preview-title").focus();
        return;
      }
      check(true).then(function (all) {
        if (all === null) return;
        if (all.length) { announce("Còn " + all.length + " lỗi cần sửa"); return; }
        if (action === "validate") { announce("Văn bản hợp lệ, có thể tải về"); setStatus("Văn bản hợp lệ — có thể tải về.", false); return; }
        skipCheck = true;
        form.requestSubmit(submitter);
      });
    });
    var frame = document.getElementById("preview");
    frame.addEventListener("load", fitPreview);
    window.addEventListener("resize", fitPreview);
    offerDraft();
    check(false);
  }

  /* exposed for tests and the console: the document the form describes right now */
  window.vanban = { serialize: function () { return serialize(); }, check: function () { return check(false); },
                   /* rebuild the fields from a document, the server applying `query` (profile pickers) first */
                   load: function (doc, query) { return replaceFields(doc, query); } };

  document.addEventListener("DOMContentLoaded", function () { initSearch(); initForm(); });
})();
