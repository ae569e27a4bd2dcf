/* The checkout form: the shipping fee and the total follow the province and pick-up as
   the buyer chooses them. Progressive enhancement: without this file the form's
   «calculate the shipping fee» button sends it back with the fee shown.

   form[data-shipping-fees]  JSON written by the server (shop/checkout_routes.py, from
                             orders/shipping.py, the table the order is charged by), as
                             [shipping, total] already worded for the page's language:
                             {"pickup": [..], "none": [..], "provinces": {code: [..]}}
     [data-shipping-fee]     the summary's shipping figure
     [data-order-total]      the summary's total
     [data-post-address]     the address fieldset, hidden while pick-up is chosen
     [data-fee-fallback]     the no-JavaScript button, removed here: it comes first in the
                             form, so Enter in a field would press it instead of «review»
*/
(function () {
  "use strict";

  function init() {
    var form = document.querySelector("form[data-shipping-fees]");
    if (!form) return;
    var fees;
    try {
      fees = JSON.parse(form.getAttribute("data-shipping-fees"));
    } catch (error) {
      return; // the fallback button stays
    }
    var fee = form.querySelector("[data-shipping-fee]");
    var total = form.querySelector("[data-order-total]");
    var address = form.querySelector("[data-post-address]");
    var fallback = form.querySelector("[data-fee-fallback]");
    var province = form.elements.namedItem("province_code");
    if (!fee || !total || !province) return;
    if (fallback) fallback.remove();

    function update() {
      var method = form.querySelector("input[name=delivery_method]:checked");
      var post = !method || method.value === "post";
      var shown = post ? (fees.provinces[province.value] || fees.none) : fees.pickup;
      if (fee.textContent !== shown[0]) fee.textContent = shown[0];
      if (total.textContent !== shown[1]) total.textContent = shown[1];
      if (address) address.hidden = !post;
    }

    form.addEventListener("change", function (event) {
      var name = event.target && event.target.name;
      if (name === "delivery_method" || name === "province_code") update();
    });
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
