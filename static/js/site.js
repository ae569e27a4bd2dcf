/* Rooyesh marketplace: progressive enhancement only. Every page works without
   this file; it attaches behaviour by data-attributes (no inline scripts: CSP).
   Load with <script src=".../js/site.js" defer></script>.

   data-confirm="msg"      on a <form>, or on a submit button (wins over the form's), or on an <a>:
                           asks confirm(msg) first
   data-print              a button that prints the page (label / statement pages)
   .js-only                elements hidden until this script marks <html class="js">
   data-site-menu          the header's <details> menu: kept open on a wide screen (for
                           browsers without ::details-content, which CSS uses for the same)
   data-cart-badge         the header's cart count, shown from the cart_count cookie (the
                           page itself is the same for every visitor, so it cannot hold it)
*/
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  var count = /(?:^|;\s*)cart_count=(\d+)/.exec(document.cookie);
  var badge = document.querySelector("[data-cart-badge]");
  if (badge && count && +count[1] > 0) {
    var lang = document.documentElement.lang === "fa" ? "fa-IR" : "en";
    badge.querySelector("[data-cart-count]").textContent = (+count[1]).toLocaleString(lang);
    badge.hidden = false;
  }

  var menu = document.querySelector("[data-site-menu]");
  if (menu && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 992px)");
    var follow = function () { menu.open = wide.matches; };
    follow();
    if (wide.addEventListener) wide.addEventListener("change", follow);
  }

  function onSubmit(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var submitter = event.submitter;
    var message = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  }

  function onClick(event) {
    var link = event.target.closest("a[data-confirm]");
    if (link && !window.confirm(link.getAttribute("data-confirm"))) {
      event.preventDefault();
      return;
    }
    var printer = event.target.closest("[data-print]");
    if (printer) {
      event.preventDefault();
      window.print();
    }
  }

  function init() {
    document.addEventListener("submit", onSubmit);
    document.addEventListener("click", onClick);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
