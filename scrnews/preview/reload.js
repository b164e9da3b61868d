// scrnews preview: reload this page when its sources change, keeping the scroll position.
// Served only by `scrnews preview`; never part of a built page.
(function () {
  "use strict";
  var me = document.currentScript;
  var key = "scrnews-preview-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved) {
    sessionStorage.removeItem(key);
    var at = JSON.parse(saved);
    var restore = function () { window.scrollTo(at[0], at[1]); };
    restore();
    window.addEventListener("load", restore);
  }
  var url = "/__scrnews__/events?stem=" + encodeURIComponent(me.dataset.stem) +
            "&v=" + encodeURIComponent(me.dataset.version);
  var source = new EventSource(url);
  source.addEventListener("reload", function () {
    source.close();
    sessionStorage.setItem(key, JSON.stringify([window.scrollX, window.scrollY]));
    location.reload();
  });
  [["scrnews-overlay-close", "scrnews-overlay"], ["scrnews-fill-close", "scrnews-fill"]].forEach(
    function (pair) {
      var close = document.getElementById(pair[0]);
      if (close) {
        close.addEventListener("click", function () {
          document.getElementById(pair[1]).hidden = true;
        });
      }
    });
})();
