// The letterhead page: the preview beside the form follows what is typed (the server renders
// the same lines on load; minutes.documents.letterheads is the rule, this only mirrors it).
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var form = document.querySelector("[data-letterhead-form]");
    var preview = document.querySelector("[data-letterhead-preview]");
    if (!form || !preview) return;
    var PARTY = { TM: "T/M", KT: "K/T", TL: "T/L" };
    var STATE = { TM: "TM.", KT: "KT.", TL: "TL." };
    function value(name) {
      var el = form.querySelector('[name="' + name + '"]:checked') || form.querySelector('[name="' + name + '"]:not([type=radio])');
      return el ? el.value.trim() : "";
    }
    function set(key, text) {
      var el = preview.querySelector('[data-preview="' + key + '"]');
      if (el) el.textContent = text;
      return el;
    }
    function update() {
      var party = value("family") !== "state";
      var code = value("code") || "\u2026";
      set("superior", value("superior").toUpperCase());
      set("body", value("body_line").toUpperCase());
      preview.querySelector('[data-preview="star"]').hidden = !party;
      set("notice", party ? "Số 01-TB/" + code : "Số: 01/TB-" + code);
      set("minutes", party ? "Số 01-BB/" + code : "Số: 01/BB-" + code);
      set("motto", party ? "ĐẢNG CỘNG SẢN VIỆT NAM" : "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc");
      set("place", (value("place") || "\u2026") + ", ngày \u2026 tháng \u2026 năm \u2026");
      var form_ = (party ? PARTY : STATE)[value("signer_authority")];
      var who = value("signer_for");
      set("authority", form_ && who ? form_ + " " + who.toUpperCase() : "");
      set("position", value("signer_position").toUpperCase());
      set("name", value("signer_name"));
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  });
})();
