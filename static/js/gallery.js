/* The product page's gallery (templates/shop/_gallery.html): progressive enhancement only.
   Without this file each thumbnail links to ?photo=N (the page with that photo as main)
   and the main photo links to its large variant.

   data-gallery              the gallery
     data-gallery-main-link  the main photo's link, its <picture> inside; with
                             data-gallery-zoom it opens the zoom dialog instead
     data-gallery-thumb      a thumbnail link; data-webp-srcset, data-srcset, data-src,
                             data-large, data-alt, data-width, data-height: its photo
   data-zoom                 the <dialog>: data-zoom-stage (scrolls), data-zoom-img,
                             data-zoom-toggle (aria-pressed), data-zoom-close
*/
(function () {
  "use strict";

  function isPlainClick(event) {
    return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
  }

  function initThumbs(gallery, link) {
    var img = link.querySelector("img");
    var source = link.querySelector("source");
    var thumbs = gallery.querySelectorAll("[data-gallery-thumb]");
    gallery.addEventListener("click", function (event) {
      var thumb = event.target.closest("[data-gallery-thumb]");
      if (!thumb || !isPlainClick(event)) return;
      event.preventDefault();
      var photo = thumb.dataset;
      if (source) source.srcset = photo.webpSrcset;
      img.srcset = photo.srcset;
      img.src = photo.src;
      img.alt = photo.alt;
      img.setAttribute("width", photo.width);
      img.setAttribute("height", photo.height);
      link.href = photo.large;
      for (var i = 0; i < thumbs.length; i++) thumbs[i].removeAttribute("aria-current");
      thumb.setAttribute("aria-current", "true");
      // The address names the photo shown, as the link without JavaScript would.
      if (window.history.replaceState) window.history.replaceState(null, "", thumb.href);
    });
  }

  function initZoom(link, dialog) {
    var stage = dialog.querySelector("[data-zoom-stage]");
    var big = dialog.querySelector("[data-zoom-img]");
    var toggle = dialog.querySelector("[data-zoom-toggle]");
    var closer = dialog.querySelector("[data-zoom-close]");
    var zoomed = false;
    var drag = null; // a mouse or pen moving the zoomed photo: where it started
    var dragged = false; // the click that ends a drag is not a tap

    link.setAttribute("aria-haspopup", "dialog");

    // Zoom in keeping the photo's point (fx, fy: fractions of its size) under the stage's
    // point (sx, sy: pixels), or out to the whole photo. Zoomed is the large file's own
    // size, and at least twice the fitted photo (a phone's fitted photo is small).
    function zoomTo(on, fx, fy, sx, sy) {
      dialog.classList.remove("is-zoomed");
      big.style.width = "";
      var fitted = big.getBoundingClientRect().width;
      zoomed = on;
      toggle.setAttribute("aria-pressed", String(on));
      if (!on) return;
      dialog.classList.add("is-zoomed");
      big.style.width = Math.max(big.naturalWidth, 2 * fitted) + "px";
      stage.scrollLeft = big.offsetLeft + fx * big.offsetWidth - sx;
      stage.scrollTop = big.offsetTop + fy * big.offsetHeight - sy;
    }

    function zoomCentre(on) {
      zoomTo(on, 0.5, 0.5, stage.clientWidth / 2, stage.clientHeight / 2);
    }

    link.addEventListener("click", function (event) {
      if (!isPlainClick(event)) return;
      event.preventDefault();
      var img = link.querySelector("img");
      big.alt = img.alt;
      big.setAttribute("width", img.getAttribute("width"));
      big.setAttribute("height", img.getAttribute("height"));
      big.src = link.href;
      document.documentElement.classList.add("zoom-open");
      dialog.showModal();
      zoomTo(false);
      toggle.focus();
    });

    dialog.addEventListener("close", function () {
      document.documentElement.classList.remove("zoom-open");
      zoomTo(false);
      link.focus();
    });
    closer.addEventListener("click", function () { dialog.close(); });
    toggle.addEventListener("click", function () { zoomCentre(!zoomed); });

    stage.addEventListener("click", function (event) {
      if (dragged) { dragged = false; return; }
      if (zoomed) { zoomTo(false); return; }
      var box = big.getBoundingClientRect();
      var fx = (event.clientX - box.left) / box.width;
      var fy = (event.clientY - box.top) / box.height;
      // A tap beside the photo closes, as in most photo viewers.
      if (fx < 0 || fx > 1 || fy < 0 || fy > 1) { dialog.close(); return; }
      var area = stage.getBoundingClientRect();
      zoomTo(true, fx, fy, event.clientX - area.left, event.clientY - area.top);
    });

    // Touch pans and pinches natively (the stage scrolls); a mouse or pen drags.
    stage.addEventListener("pointerdown", function (event) {
      if (!zoomed || event.pointerType === "touch" || event.button !== 0) return;
      event.preventDefault();
      drag = { x: event.clientX, y: event.clientY, left: stage.scrollLeft, top: stage.scrollTop, moved: false };
      stage.setPointerCapture(event.pointerId);
    });
    stage.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var dx = event.clientX - drag.x;
      var dy = event.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
      stage.scrollLeft = drag.left - dx;
      stage.scrollTop = drag.top - dy;
    });
    function endDrag() {
      if (drag) dragged = drag.moved;
      drag = null;
    }
    stage.addEventListener("pointerup", endDrag);
    stage.addEventListener("pointercancel", endDrag);

    // The modal keeps the page inert; Tab also cycles inside it rather than leaving for
    // the browser's own controls. + and - zoom from the keyboard; arrows scroll the stage.
    var first = toggle;
    var last = stage;
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Tab") {
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      } else if (event.key === "+" || event.key === "=") {
        zoomCentre(true);
      } else if (event.key === "-") {
        zoomTo(false);
      }
    });
  }

  function init() {
    var gallery = document.querySelector("[data-gallery]");
    var link = gallery && gallery.querySelector("[data-gallery-main-link]");
    if (!link) return;
    initThumbs(gallery, link);
    var dialog = document.querySelector("[data-zoom]");
    if (dialog && link.hasAttribute("data-gallery-zoom") && dialog.showModal) initZoom(link, dialog);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
