/* Rooyesh marketplace: progressive enhancement only. Every page works without
   this file; it attaches behaviour by data-attributes (no inline scripts: CSP).
   Load with <script src=".../js/site.js" defer></script>.

   data-gallery            container of a product gallery
     data-gallery-main     the main <img> (optionally inside <a data-gallery-main-link>)
     data-gallery-thumb    thumbnail links; href = large image (the no-JS fallback),
                           optional data-src / data-srcset / data-sizes / data-alt for the main <img>
   data-confirm="msg"      on a <form>, or on a submit button (wins over the form's), or on an <a>:
                           asks confirm(msg) first
   data-print              a button that prints the page (label / statement pages)
   .js-only                elements hidden until this script marks <html class="js">
   data-site-menu          the header's <details> menu: kept open on a wide screen (for
                           browsers without ::details-content, which CSS uses for the same)
*/
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  var menu = document.querySelector("[data-site-menu]");
  if (menu && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 992px)");
    var follow = function () { menu.open = wide.matches; };
    follow();
    if (wide.addEventListener) wide.addEventListener("change", follow);
  }

  function isPlainClick(event) {
    return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
  }

  function initGallery(gallery) {
    var main = gallery.querySelector("[data-gallery-main]");
    if (!main) return;
    var mainLink = gallery.querySelector("[data-gallery-main-link]");
    var thumbs = gallery.querySelectorAll("[data-gallery-thumb]");

    gallery.addEventListener("click", function (event) {
      var thumb = event.target.closest("[data-gallery-thumb]");
      if (!thumb || !gallery.contains(thumb) || !isPlainClick(event)) return;
      event.preventDefault();
      var src = thumb.getAttribute("data-src") || thumb.getAttribute("href");
      main.removeAttribute("srcset");
      if (thumb.hasAttribute("data-sizes")) main.setAttribute("sizes", thumb.getAttribute("data-sizes"));
      if (thumb.hasAttribute("data-srcset")) main.setAttribute("srcset", thumb.getAttribute("data-srcset"));
      main.setAttribute("src", src);
      var thumbImg = thumb.querySelector("img");
      var alt = thumb.getAttribute("data-alt") || (thumbImg ? thumbImg.getAttribute("alt") : null);
      if (alt !== null) main.setAttribute("alt", alt);
      if (mainLink) mainLink.setAttribute("href", thumb.getAttribute("href"));
      for (var i = 0; i < thumbs.length; i++) thumbs[i].removeAttribute("aria-current");
      thumb.setAttribute("aria-current", "true");
    });
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
    var galleries = document.querySelectorAll("[data-gallery]");
    for (var i = 0; i < galleries.length; i++) initGallery(galleries[i]);
    document.addEventListener("submit", onSubmit);
    document.addEventListener("click", onClick);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
