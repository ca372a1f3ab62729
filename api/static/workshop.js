/* okr-coach workshop dashboard: redraws from the server-sent dashboard events. */
(function () {
  "use strict";
  var root = document.getElementById("workshop");
  if (!root) { return; }
  var code = root.getAttribute("data-code");
  function cell(row, text) { var td = document.createElement("td"); td.textContent = text; row.appendChild(td); }
  function draw(board) {
    document.getElementById("workshop-counts").textContent =
      board.learners + (board.learners === 1 ? " learner, " : " learners, ") + board.attempts +
      (board.attempts === 1 ? " attempt" : " attempts");
    var body = document.getElementById("workshop-exercises");
    body.textContent = "";
    Object.keys(board.exercises).sort().forEach(function (id) {
      var row = document.createElement("tr");
      var e = board.exercises[id];
      cell(row, id); cell(row, String(e.attempts)); cell(row, Math.round(e.success * 100) + "%");
      body.appendChild(row);
    });
    var list = document.getElementById("workshop-mistakes");
    list.textContent = "";
    board.mistakes.forEach(function (m) {
      var li = document.createElement("li");
      li.textContent = m.concept + " (" + m.count + ")";
      list.appendChild(li);
    });
  }
  var events = new EventSource("/api/v1/workshops/" + encodeURIComponent(code) + "/events");
  events.addEventListener("dashboard", function (event) { draw(JSON.parse(event.data)); });
  events.addEventListener("error", function () {
    document.getElementById("workshop-counts").textContent = "Reconnecting…";
  });
}());
