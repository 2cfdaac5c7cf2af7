/* The agency profile's pickers on the form (templates/_profile_pickers.html): a change of signer, recipient
   group chips or drafting unit rebuilds the fields through the form's own fields endpoint, which applies the
   choice on the server (service.agency.choices) — the same code the no-JavaScript button runs. */
(function () {
  "use strict";
  function query(box) {
    var params = new URLSearchParams();
    params.set("_groups_shown", "1");
    box.querySelectorAll("[data-pick]").forEach(function (el) {
      if (el.type === "checkbox") { if (el.checked) params.append(el.name, el.value); }
      else if (el.value) params.set(el.name, el.value);
    });
    return params.toString();
  }
  function init() {
    var box = document.getElementById("profile-pickers");
    if (!box || !window.vanban || !window.vanban.load) return;
    var live = document.getElementById("live");
    box.addEventListener("change", function (e) {
      if (!e.target.hasAttribute("data-pick")) return;
      window.vanban.load(window.vanban.serialize(), query(box)).then(function () {
        if (live) live.textContent = "Đã điền từ hồ sơ cơ quan";
      });
    });
  }
  document.addEventListener("DOMContentLoaded", init);
})();
