// Lists and adds journal entries through the frontend API (same origin, routed by the Ingress).
(function () {
  "use strict";
  var api = document.querySelector('meta[name="journal-api"]').getAttribute("content") || "/api/entries";
  var list = document.getElementById("entries");
  var empty = document.getElementById("empty");
  var status = document.getElementById("status");
  var form = document.getElementById("entry-form");
  var text = document.getElementById("entry-text");

  function say(message, isError) {
    status.textContent = message;
    status.className = isError ? "error" : "";
  }

  // Accepts ["text", ...], [{text|entry|content, time|createdAt}, ...] or {entries: [...]}.
  function normalise(body) {
    var items = Array.isArray(body) ? body : (body && Array.isArray(body.entries) ? body.entries : []);
    return items.map(function (item) {
      if (typeof item === "string") { return { text: item }; }
      return { text: String(item.text || item.entry || item.content || ""), time: item.time || item.createdAt || item.date };
    });
  }

  function render(entries) {
    list.textContent = "";
    entries.forEach(function (entry) {
      var li = document.createElement("li");
      var p = document.createElement("p");
      p.textContent = entry.text;
      li.appendChild(p);
      if (entry.time) {
        var when = new Date(entry.time);
        if (!isNaN(when.getTime())) {
          var t = document.createElement("time");
          t.dateTime = when.toISOString();
          t.textContent = when.toLocaleString();
          li.appendChild(t);
        }
      }
      list.appendChild(li);
    });
    empty.hidden = entries.length > 0;
  }

  function load() {
    return fetch(api, { headers: { "Accept": "application/json" } })
      .then(function (res) {
        if (!res.ok) { throw new Error("GET " + api + " answered " + res.status); }
        return res.json();
      })
      .then(function (body) { render(normalise(body)); say(""); })
      .catch(function (err) { say("Could not load entries: " + err.message, true); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var value = text.value.trim();
    if (!value) { return; }
    form.querySelector("button").disabled = true;
    fetch(api, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ text: value })
    })
      .then(function (res) {
        if (!res.ok) { throw new Error("POST " + api + " answered " + res.status); }
        text.value = "";
        say("Entry added.");
        return load();
      })
      .catch(function (err) { say("Could not add the entry: " + err.message, true); })
      .then(function () { form.querySelector("button").disabled = false; });
  });

  load();
}());
