/* okr-coach batch page: upload the files, follow the batch over server-sent events, link the report. */
(function () {
  "use strict";
  var form = document.getElementById("batch-form");
  if (!form) { return; }
  var input = document.getElementById("batch-files");
  var start = document.getElementById("batch-start");
  var chosen = document.getElementById("batch-chosen");
  var zone = document.getElementById("dropzone");
  var files = [];

  function choose(list) {
    files = Array.prototype.slice.call(list || []);
    chosen.textContent = files.length ? files.length + (files.length === 1 ? " file: " : " files: ") +
      files.map(function (f) { return f.name; }).join(", ") : "";
    start.disabled = files.length === 0;
  }
  input.addEventListener("change", function () { choose(input.files); });
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (event) { choose(event.dataTransfer.files); });

  function status(text) { document.getElementById("batch-status").textContent = text; }

  function follow(created) {
    var bar = document.getElementById("batch-bar");
    var events = new EventSource(created.events);
    events.addEventListener("progress", function (event) {
      var body = JSON.parse(event.data);
      if (body.total) { bar.max = body.total; bar.value = body.done; }
      status(body.total ? body.done + " of " + body.total + " teams reviewed" : "Reading the files…");
    });
    events.addEventListener("done", function (event) {
      events.close();
      var body = JSON.parse(event.data);
      bar.value = bar.max;
      status("Done.");
      var t = body.totals;
      document.getElementById("batch-totals").textContent = t.teams + " teams from " + t.documents +
        " documents: " + t.objectives + " objectives, " + t.key_results + " key results; mean score " + t.score + ".";
      var link = document.getElementById("batch-report");
      link.href = body.report;
      var unread = document.getElementById("batch-unread");
      unread.textContent = "";
      (body.unreadable || []).forEach(function (u) {
        var li = document.createElement("li");
        li.textContent = "Not read: " + u.source.split("/").pop() + " (" + u.reason + ")";
        unread.appendChild(li);
      });
      document.getElementById("batch-done").hidden = false;
    });
    events.addEventListener("error", function (event) {
      if (event.data) { status("The batch stopped: " + JSON.parse(event.data).reason); }
      events.close();
      start.disabled = false;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!files.length) { return; }
    var body = new FormData();
    files.forEach(function (f) { body.append("files", f, f.name); });
    start.disabled = true;
    document.getElementById("batch-progress").hidden = false;
    document.getElementById("batch-done").hidden = true;
    status("Uploading " + files.length + " files…");
    fetch("/api/v1/batches", { method: "POST", body: body }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (answer) {
      if (!answer.ok) { status("Not started: " + (answer.data.reason || "the server said no")); start.disabled = false; return; }
      follow(answer.data);
    }).catch(function (err) { status("The server could not be reached (" + err.message + ")."); start.disabled = false; });
  });
}());
