/* Driehoek autosave: a form with data-autosave saves itself a few seconds after typing stops
   and when the tab is hidden or closed, so nothing a person types is lost. The server answers
   JSON with the new edit counter; a conflict (409) is shown and typing is kept.

   Every edit counter on such a page is the one of the record being edited, so a save updates
   them all: the other forms of the page (sending the form) carry the new one. Before another
   form of the page is submitted, unsaved typing is saved first; otherwise that save and the
   submit would race, and one would be refused as if someone else had saved in between. */
(function () {
  "use strict";
  var DELAY = 3000;
  var savers = [];

  // What the person typed or chose, without the edit counter (which a save changes).
  function snapshot(form) {
    var data = new FormData(form);
    data.delete("lock_version");
    data.delete("csrfmiddlewaretoken");
    return new URLSearchParams(data).toString();
  }

  function setup(form) {
    var status = form.querySelector("[data-autosave-status]");
    var timer = null;
    var saved = snapshot(form);
    var inFlight = null;

    function dirty() { return snapshot(form) !== saved; }

    function say(text, isError) {
      if (!status) return;
      status.textContent = text;
      status.classList.toggle("text-danger", !!isError);
    }

    // Resolves true when nothing is left unsaved.
    function save(keepalive) {
      if (inFlight) return inFlight;
      if (!dirty()) return Promise.resolve(true);
      clearTimeout(timer);
      var sending = snapshot(form);
      var data = new FormData(form);
      data.delete("submit");
      say(form.dataset.msgSaving || "Opslaan…");
      inFlight = fetch(form.action, {
        method: "POST",
        body: data,
        headers: { "X-Autosave": "1" },
        credentials: "same-origin",
        keepalive: !!keepalive
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        inFlight = null;
        if (result.ok && result.body.saved) {
          saved = sending;
          document.querySelectorAll("input[name=lock_version]").forEach(function (input) {
            input.value = result.body.lock_version;
          });
          var now = new Date();
          var time = now.getHours() + ":" + String(now.getMinutes()).padStart(2, "0");
          say((form.dataset.msgSaved || "Automatisch opgeslagen om") + " " + time);
          return !dirty();
        }
        say(result.body.error || form.dataset.msgFailed || "Niet opgeslagen.", true);
        return false;
      }).catch(function () {
        inFlight = null;
        say(form.dataset.msgOffline || "Niet opgeslagen: geen verbinding. Je tekst staat er nog.", true);
        return false;
      });
      return inFlight;
    }

    function later() {
      clearTimeout(timer);
      if (dirty()) timer = setTimeout(function () { save(false); }, DELAY);
    }

    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("submit", function () { saved = snapshot(form); clearTimeout(timer); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") save(true);
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty()) { save(true); event.preventDefault(); event.returnValue = ""; }
    });
    savers.push({ save: save, dirty: dirty });
  }

  document.querySelectorAll("form[data-autosave]").forEach(setup);

  document.querySelectorAll("form:not([data-autosave])").forEach(function (other) {
    other.addEventListener("submit", function (event) {
      var pending = savers.filter(function (s) { return s.dirty(); });
      if (!pending.length) return;
      event.preventDefault();
      Promise.all(pending.map(function (s) { return s.save(false); })).then(function (results) {
        // Saved: submit with the new edit counter. Not saved: the message says why, and the
        // person decides again.
        if (results.every(Boolean)) other.submit();
      });
    });
  });
})();
