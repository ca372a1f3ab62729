/* okr-coach tutor page: one exercise at a time over the tutor API. */
(function () {
  "use strict";
  var start = document.getElementById("tutor-start");
  if (!start) { return; }
  var session = null, exercise = null;
  function $(id) { return document.getElementById(id); }

  function post(url, body) {
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); });
  }

  function say(text, kind) {
    var box = $("tutor-feedback");
    var p = document.createElement("p");
    p.className = kind || "";
    p.textContent = text;
    box.appendChild(p);
  }

  function progress(p) {
    $("tutor-progress").textContent = "Answered " + p.answered + ", right first time " + p.right_first_time +
      (p.score === null ? "" : ", score " + p.score) + "; " + p.left + " to go.";
  }

  function show(next, p) {
    exercise = next;
    if (p) { progress(p); }
    if (!next) {
      $("tutor-exercise").hidden = true;
      $("tutor-finished").hidden = false;
      $("tutor-summary").textContent = $("tutor-progress").textContent +
        (p && p.to_practise.length ? " To practise: " + p.to_practise.join(", ") + "." : "");
      return;
    }
    $("tutor-exercise").setAttribute("data-exercise", next.id);
    $("tutor-prompt").textContent = next.prompt;
    var text = next.text || next.draft || "";
    $("tutor-text").textContent = text;
    $("tutor-text").hidden = !text;
    var choices = $("tutor-choices");
    choices.textContent = "";
    next.choices.forEach(function (choice, i) {
      var label = document.createElement("label");
      var radio = document.createElement("input");
      radio.type = "radio"; radio.name = "choice"; radio.value = choice; radio.id = "choice-" + i;
      label.appendChild(radio);
      label.appendChild(document.createTextNode(" " + choice));
      choices.appendChild(label);
    });
    var free = next.choices.length === 0;
    $("tutor-answer").hidden = !free;
    $("tutor-answer").value = "";
    $("tutor-answer").rows = next.kind === "build" ? 6 : 3;
  }

  function answer(text) {
    return post("/api/v1/tutor/sessions/" + session + "/answers", { exercise: exercise.id, answer: text });
  }

  start.addEventListener("submit", function (event) {
    event.preventDefault();
    post("/api/v1/tutor/sessions", { lesson: $("tutor-lesson").value, learner: $("tutor-name").value,
                                     workshop: $("tutor-workshop").value || null })
      .then(function (r) {
        if (!r.ok) { say(r.data.reason || "The session could not start.", "wrong"); return; }
        session = r.data.session;
        start.hidden = true;
        $("tutor-exercise").hidden = false;
        show(r.data.exercise, r.data.progress);
      });
  });

  $("tutor-submit").addEventListener("click", function () {
    if (!exercise) { return; }
    var picked = document.querySelector("input[name=choice]:checked");
    var text = exercise.choices.length ? (picked ? picked.value : "") : $("tutor-answer").value;
    if (!text.trim()) { return; }
    $("tutor-feedback").textContent = "";
    answer(text).then(function (r) {
      if (!r.ok) { say(r.data.reason, "wrong"); return; }
      var d = r.data;
      say((d.correct ? "✔ " : "✘ ") + "score " + d.score.toFixed(2) + ": " + d.feedback, d.correct ? "right" : "wrong");
      if (d.marked && !d.correct) { say("Your words: " + d.marked, "marked"); }
      if (d.coach) { say(d.coach, "coach"); }
      if (d.hint) { say("Hint: " + d.hint, "hint"); }
      if (d.reveal) { say(d.reveal, "reveal"); }
      if (!d.next || d.next.id !== exercise.id) { show(d.next, d.progress); } else { progress(d.progress); }
    });
  });

  $("tutor-hint").addEventListener("click", function () {
    if (!exercise) { return; }
    answer("?").then(function (r) { if (r.ok && r.data.hint) { say("Hint: " + r.data.hint, "hint"); } });
  });
}());
