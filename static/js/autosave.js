/* Driehoek autosave: a form with data-autosave saves itself a few seconds after typing stops
   and when the tab is hidden or closed, so nothing a person types is lost. The server answers
   JSON with the new edit counter; a conflict (409) is shown and typing is kept. */
(function () {
  "use strict";
  var DELAY = 3000;

  function setup(form) {
    var status = form.querySelector("[data-autosave-status]");
    var lock = form.querySelector("input[name=lock_version]");
    var timer = null;
    var dirty = false;
    var busy = false;

    function say(text, isError) {
      if (!status) return;
      status.textContent = text;
      status.classList.toggle("text-danger", !!isError);
    }

    function save(keepalive) {
      if (!dirty || busy) return;
      busy = true;
      dirty = false;
      var data = new FormData(form);
      data.delete("submit");
      say(form.dataset.msgSaving || "Opslaan…");
      fetch(form.action, {
        method: "POST",
        body: data,
        headers: { "X-Autosave": "1" },
        credentials: "same-origin",
        keepalive: !!keepalive
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        busy = false;
        if (result.ok && result.body.saved) {
          lock.value = result.body.lock_version;
          var now = new Date();
          var time = now.getHours() + ":" + String(now.getMinutes()).padStart(2, "0");
          say((form.dataset.msgSaved || "Automatisch opgeslagen om") + " " + time);
        } else {
          dirty = true;
          say(result.body.error || form.dataset.msgFailed || "Niet opgeslagen.", true);
        }
      }).catch(function () {
        busy = false;
        dirty = true;
        say(form.dataset.msgOffline || "Niet opgeslagen: geen verbinding. Je tekst staat er nog.", true);
      });
    }

    form.addEventListener("input", function () {
      dirty = true;
      clearTimeout(timer);
      timer = setTimeout(function () { save(false); }, DELAY);
    });
    form.addEventListener("change", function () {
      dirty = true;
      clearTimeout(timer);
      timer = setTimeout(function () { save(false); }, DELAY);
    });
    form.addEventListener("submit", function () { dirty = false; clearTimeout(timer); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") save(true);
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { save(true); event.preventDefault(); event.returnValue = ""; }
    });
  }

  document.querySelectorAll("form[data-autosave]").forEach(setup);
})();
