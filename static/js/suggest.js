// Suggestions while typing in a search box that has data-suggest="<url>": progressive
// enhancement only (the form submits without it). Fills a <datalist>, so the browser's
// own list shows them, keyboard and screen readers included; no framework.
(function () {
  "use strict";
  function attach(input) {
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.setAttribute("list", list.id);
    input.after(list);
    var timer = null, last = "", controller = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2 || q === last) return;
        last = q;
        if (controller) controller.abort();
        controller = new AbortController();
        fetch(input.dataset.suggest + "?q=" + encodeURIComponent(q),
              {signal: controller.signal, headers: {"Accept": "application/json"}})
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) {
            if (!data) return;
            var lang = document.documentElement.lang === "fa" ? "fa" : "en";
            list.replaceChildren();
            ["titles", "crafts", "centres"].forEach(function (kind) {
              (data[kind] || []).forEach(function (item) {
                var option = document.createElement("option");
                option.value = item[lang] || item.fa;
                list.appendChild(option);
              });
            });
          })
          .catch(function () {});
      }, 150);
    });
  }
  document.querySelectorAll("input[data-suggest]").forEach(attach);
})();
