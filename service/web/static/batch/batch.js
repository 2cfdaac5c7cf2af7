// Live progress of a batch: poll its status every second; reload the page once it has finished.
(function () {
  "use strict";
  var box = document.getElementById("batch-progress");
  if (!box || ["queued", "running"].indexOf(box.dataset.state) < 0) return;
  var bar = document.getElementById("batch-bar");
  var count = document.getElementById("batch-count");
  var label = document.getElementById("batch-state");
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.max = s.total || 1;
        bar.value = s.done || 0;
        count.textContent = (s.done || 0) + "/" + (s.total || 0);
        if (s.state === "running") label.textContent = "Đang tạo văn bản…";
        if (["done", "failed", "cancelled", "interrupted"].indexOf(s.state) >= 0) { window.location.reload(); return; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
