/* okr-coach web page: swap in the server-rendered review, stream rewrites, copy and export.
 *
 * Why so little: the server renders the review (escaped by jinja2); this script only
 * fetches it without a page reload, then reads rewrites from /api/v1/suggestions as
 * server-sent events and places each one under its item. Text from the server or the
 * model is only ever assigned with textContent, never parsed as HTML here.
 */
(function () {
  "use strict";

  var form = document.getElementById("review-form");
  if (!form) { return; }
  var results = document.getElementById("results");
  var textarea = document.getElementById("text");
  var button = document.getElementById("review-btn");
  var profile = document.getElementById("profile");
  var state = null;       // the review JSON, with streamed rewrites added
  var stream = null;      // AbortController of the running suggestion stream

  function find(selector, root) { return (root || document).querySelector(selector); }

  // ---------------------------------------------------------------- form

  var sample = document.getElementById("sample-btn");
  if (sample) {
    sample.addEventListener("click", function (event) {
      event.preventDefault();
      textarea.value = sample.getAttribute("data-sample") || "";
      textarea.focus();
      textarea.setSelectionRange(0, 0);
      textarea.scrollTop = 0;
    });
  }
  if (profile) {
    profile.addEventListener("change", function () {
      var option = profile.options[profile.selectedIndex];
      find("#profile-desc").textContent = option ? option.getAttribute("data-description") : "";
    });
  }
  textarea.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
    }
  });

  function setBusy(busy) {
    button.disabled = busy;
    button.textContent = busy ? "Reviewing…" : "Review";
  }

  function showError(message) {
    results.textContent = "";
    var box = document.createElement("div");
    box.className = "card notice notice-error";
    box.setAttribute("role", "alert");
    var title = document.createElement("h2");
    title.textContent = "That draft could not be reviewed";
    var reason = document.createElement("p");
    reason.className = "reason";
    reason.textContent = message;
    box.appendChild(title);
    box.appendChild(reason);
    results.appendChild(box);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (stream) { stream.abort(); stream = null; }
    setBusy(true);
    var body = new URLSearchParams(new FormData(form));
    fetch("/fragments/review", { method: "POST", body: body, headers: { "Accept": "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        results.innerHTML = html;  // rendered and escaped by the server's templates
        wireReview();
        if (window.matchMedia("(max-width: 960px)").matches) {
          var calm = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
          results.scrollIntoView({ behavior: calm ? "auto" : "smooth", block: "start" });
        }
      })
      .catch(function (err) { showError("The server could not be reached (" + err.message + ")."); })
      .then(function () { setBusy(false); });
  });

  // ---------------------------------------------------------------- review

  function wireReview() {
    var review = document.getElementById("review");
    if (!review) { state = null; return; }
    var data = document.getElementById("review-data");
    state = data ? JSON.parse(data.textContent) : null;
    if (state) { refreshImproved(); }  // with the script, only the rewrites accepted here go in
    if (review.getAttribute("data-suggest") === "stream") {
      var pack = document.getElementById("pack");
      streamSuggestions({ text: textarea.value, profile: profile ? profile.value : "default",
                          pack: pack && pack.value ? pack.value : null });
    }
  }

  function setStatus(kind, message) {
    var status = document.getElementById("suggest-status");
    if (!status) { return; }
    status.setAttribute("data-state", kind);
    status.textContent = message;
  }

  function itemOf(id) {
    if (!state) { return null; }
    for (var i = 0; i < state.objectives.length; i++) {
      var objective = state.objectives[i];
      if (objective.id === id) { return objective; }
      for (var j = 0; j < objective.key_results.length; j++) {
        if (objective.key_results[j].id === id) { return objective.key_results[j]; }
      }
    }
    return null;
  }

  function addSuggestion(payload) {
    var holder = null;
    var holders = document.querySelectorAll("[data-suggestions-for]");
    for (var i = 0; i < holders.length; i++) {
      if (holders[i].getAttribute("data-suggestions-for") === payload.item) { holder = holders[i]; }
    }
    var template = document.getElementById("suggestion-template");
    if (holder && template) {
      var node = template.content.firstElementChild.cloneNode(true);
      find(".origin", node).textContent = payload.origin || "";
      find(".suggestion-text", node).textContent = payload.text;
      find(".rationale", node).textContent = payload.rationale || "";
      find(".placeholders", node).textContent =
        payload.placeholders && payload.placeholders.length ? "Fill in: " + payload.placeholders.join(", ") : "";
      find(".sources", node).textContent =
        payload.sources && payload.sources.length ? "Sources: " + payload.sources.join(", ") : "";
      find(".copy", node).setAttribute("data-copy", payload.text);
      holder.appendChild(node);
    }
    var item = itemOf(payload.item);
    if (item) {
      var copy = {};
      for (var key in payload) { if (key !== "item") { copy[key] = payload[key]; } }
      copy.decision = "proposed";
      item.suggestions = item.suggestions || [];
      item.suggestions.push(copy);
    }
  }

  // ---------------------------------------------------------------- accept and reject

  // The rewrite an author accepted for an item (one per item), or null.
  function acceptedText(item) {
    var chosen = (item.suggestions || []).filter(function (s) { return s.decision === "accepted"; });
    return chosen.length ? chosen[0].text : null;
  }

  // The same layout as api/views.py improved_draft(): labelled lines the parser reads back,
  // with only the rewrites the author accepted in place.
  function improvedDraft() {
    var lines = [];
    var title = [state.team, state.period].filter(Boolean).join(" — ");
    if (title) { lines.push("# OKRs — " + title, ""); }
    state.objectives.forEach(function (objective, n) {
      lines.push("Objective " + (n + 1) + ": " + (acceptedText(objective) || objective.text));
      objective.key_results.forEach(function (kr, m) {
        lines.push("- KR " + (n + 1) + "." + (m + 1) + ": " + (acceptedText(kr) || kr.text));
      });
      lines.push("");
    });
    return lines.join("\n").replace(/\s+$/, "") + "\n";
  }

  // The improved set as data: each item as it will be used, with what it replaced.
  function improvedJson() {
    function entry(item) {
      var rewrite = acceptedText(item);
      var out = { id: item.id, text: rewrite || item.text };
      if (rewrite) { out.rewritten_from = item.text; }
      return out;
    }
    return {
      team: state.team || null, period: state.period || null,
      objectives: state.objectives.map(function (objective) {
        var out = entry(objective);
        out.key_results = objective.key_results.map(entry);
        return out;
      })
    };
  }

  // The review as the report endpoint takes it: rejected rewrites left out, an accepted one
  // first (the report's improved set takes each item's first), no page-only fields.
  function reportState() {
    var copy = JSON.parse(JSON.stringify(state));
    function tidy(item) {
      var kept = (item.suggestions || []).filter(function (s) { return s.decision !== "rejected"; });
      kept.sort(function (a, b) { return (b.decision === "accepted") - (a.decision === "accepted"); });
      kept.forEach(function (s) { delete s.decision; });
      item.suggestions = kept;
    }
    copy.objectives.forEach(function (objective) { tidy(objective); objective.key_results.forEach(tidy); });
    return copy;
  }

  function refreshImproved() {
    var improved = document.getElementById("improved-text");
    if (improved) { improved.textContent = improvedDraft(); }
    var count = document.getElementById("accepted-count");
    if (count) {
      var n = 0;
      state.objectives.forEach(function (objective) {
        n += acceptedText(objective) ? 1 : 0;
        objective.key_results.forEach(function (kr) { n += acceptedText(kr) ? 1 : 0; });
      });
      count.textContent = String(n);
    }
  }

  // Accept or reject the rewrite shown in ``node``; accepting one sets aside the item's others.
  function decide(node, decision) {
    var holder = node.closest("[data-suggestions-for]");
    if (!holder || !state) { return; }
    var item = itemOf(holder.getAttribute("data-suggestions-for"));
    var nodes = Array.prototype.slice.call(holder.querySelectorAll(".suggestion"));
    var index = nodes.indexOf(node);
    if (!item || !item.suggestions || index < 0 || index >= item.suggestions.length) { return; }
    var current = item.suggestions[index].decision || "proposed";
    var next = current === decision ? "proposed" : decision;  // a second click undoes
    nodes.forEach(function (other, k) {
      var s = item.suggestions[k];
      if (!s) { return; }
      if (k === index) { s.decision = next; }
      else if (next === "accepted" && s.decision === "accepted") { s.decision = "proposed"; }
      other.setAttribute("data-decision", s.decision || "proposed");
      find(".accept", other).setAttribute("aria-pressed", String(s.decision === "accepted"));
      find(".reject", other).setAttribute("aria-pressed", String(s.decision === "rejected"));
    });
    refreshImproved();
  }

  // ---------------------------------------------------------------- suggestions (SSE over fetch)

  function streamSuggestions(payload) {
    var controller = new AbortController();
    stream = controller;
    var count = 0;
    setStatus("stream", "Writing rewrites…");
    fetch("/api/v1/suggestions", {
      method: "POST", signal: controller.signal, body: JSON.stringify(payload),
      headers: { "Content-Type": "application/json", "Accept": "text/event-stream" }
    }).then(function (response) {
      if (!response.ok) {
        return response.json().catch(function () { return { reason: response.statusText }; })
          .then(function (body) { setStatus("unavailable", "Rewrites unavailable: " + body.reason); });
      }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function handle(chunk) {
        var event = "message", data = "";
        chunk.split("\n").forEach(function (line) {
          if (line.indexOf("event:") === 0) { event = line.slice(6).trim(); }
          else if (line.indexOf("data:") === 0) { data += line.slice(5).trim(); }
        });
        if (!data) { return; }
        var body = JSON.parse(data);
        if (event === "suggestion") {
          count += 1;
          addSuggestion(body);
          setStatus("stream", "Writing rewrites… " + count + " so far");
        } else if (event === "done") {
          setStatus("done", count ? count + (count === 1 ? " rewrite" : " rewrites") + " ready." :
            "No rewrites were needed.");
        } else if (event === "error") {
          setStatus("error", "Rewrites stopped: " + body.reason);
        }
      }
      function pump() {
        return reader.read().then(function (part) {
          if (part.done) { return; }
          buffer += decoder.decode(part.value, { stream: true }).replace(/\r\n/g, "\n");
          var cut;
          while ((cut = buffer.indexOf("\n\n")) >= 0) {
            handle(buffer.slice(0, cut));
            buffer = buffer.slice(cut + 2);
          }
          return pump();
        });
      }
      return pump();
    }).catch(function (err) {
      if (err.name !== "AbortError") { setStatus("error", "Rewrites stopped: " + err.message); }
    });
  }

  // ---------------------------------------------------------------- copy and export

  function copyText(text, trigger) {
    function done() {
      var label = trigger.textContent;
      trigger.textContent = "Copied ✓";
      setTimeout(function () { trigger.textContent = label; }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text) && done(); });
    } else if (fallbackCopy(text)) {
      done();
    }
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  function download(name, type, content) {
    var url = URL.createObjectURL(new Blob([content], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function exportAs(format, trigger) {
    if (!state) { return; }
    if (format === "json") {
      download("okr-review.json", "application/json", JSON.stringify(state, null, 2) + "\n");
      return;
    }
    trigger.disabled = true;
    fetch("/api/v1/reports?format=markdown", {
      method: "POST", body: JSON.stringify(reportState()), headers: { "Content-Type": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("the server answered " + response.status); }
      return response.text();
    }).then(function (markdown) {
      download("okr-review.md", "text/markdown", markdown);
    }).catch(function (err) {
      setStatus("error", "Export failed: " + err.message);
    }).then(function () { trigger.disabled = false; });
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("button") : null;
    if (!target) { return; }
    if (target.classList.contains("accept") || target.classList.contains("reject")) {
      decide(target.closest(".suggestion"), target.classList.contains("accept") ? "accepted" : "rejected");
    } else if (target.hasAttribute("data-improved") && state) {
      if (target.getAttribute("data-improved") === "json") {
        download("okr-improved.json", "application/json", JSON.stringify(improvedJson(), null, 2) + "\n");
      } else {
        download("okr-improved.md", "text/markdown", improvedDraft());
      }
    } else if (target.id === "copy-improved") {
      var improved = document.getElementById("improved-text");
      if (improved) { copyText(improved.textContent, target); }
    } else if (target.classList.contains("copy")) {
      copyText(target.getAttribute("data-copy") || "", target);
    } else if (target.hasAttribute("data-export")) {
      exportAs(target.getAttribute("data-export"), target);
    }
  });

  wireReview();  // a review rendered by a plain form post (no script) still gets its buttons
}());
