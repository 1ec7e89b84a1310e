/* Driehoek dossier progress: the bar gets its width from data-percent (inline styles are not
   allowed by our CSP), and while the dossier is being made ([data-refresh-seconds]) the page
   reloads itself so the progress and, at the end, the download link appear. */
(function () {
  "use strict";
  document.querySelectorAll(".progress-bar[data-percent]").forEach(function (bar) {
    bar.style.width = Math.max(0, Math.min(100, Number(bar.dataset.percent) || 0)) + "%";
  });
  var status = document.querySelector("[data-refresh-seconds]");
  if (status) {
    var seconds = Number(status.dataset.refreshSeconds) || 2;
    window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }
})();
