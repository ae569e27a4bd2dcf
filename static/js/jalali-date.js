/* Rooyesh marketplace: the Jalali date picker on date fields, as progressive enhancement.
   Fields rendered by fields.DateInput in Persian carry data-jdp; they are text inputs that
   take a typed Jalali date without this file. The vendored picker
   (static/vendor/jalalidatepicker) reads and writes yyyy/mm/dd in ASCII digits, while the
   field shows Persian digits (۱۴۰۵/۰۹/۰۹): this file translates between the two.
   Loaded by base.html only on pages that rendered such a field. No inline script (CSP).
*/
(function () {
  "use strict";

  var picker = window.jalaliDatepicker;
  if (!picker) return;

  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
  var ARABIC = "٠١٢٣٤٥٦٧٨٩";
  var TYPED = /^\s*(\d{4})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*(\d{1,2})\s*$/;

  function asciiDigits(text) {
    return text.replace(/[۰-۹٠-٩]/g, function (d) {
      var i = PERSIAN.indexOf(d);
      return String(i >= 0 ? i : ARABIC.indexOf(d));
    });
  }

  function persianDigits(text) {
    return text.replace(/[0-9]/g, function (d) { return PERSIAN[+d]; });
  }

  // The day typed in the field, for the picker to open on; null when there is none.
  function typedDay(input) {
    var m = TYPED.exec(asciiDigits(input.value));
    return m ? { year: +m[1], month: +m[2], day: +m[3] } : null;
  }

  picker.startWatch({
    persianDigits: true,
    // Typing stays possible everywhere, phones included (the picker would make it read-only).
    autoReadOnlyInput: false,
    showCloseBtn: true
  });

  // Before the picker's own focus handler (on body) reads the field: tell it the typed day.
  document.addEventListener("focusin", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[data-jdp]")) {
      picker.updateOptions({ initDate: typedDay(input) });
    }
  }, true);

  document.addEventListener("jdp:change", function (event) {
    event.target.value = persianDigits(event.target.value);
  });
})();
