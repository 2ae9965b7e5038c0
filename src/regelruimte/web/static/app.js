// Progressive enhancement: without this file the form posts and the page reloads. With it,
// answering a question updates the advice in place and keeps the caseworker's place.
(function () {
  "use strict";
  var bezig = false;

  function vervang(html, focusNaam) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var nieuw = doc.querySelector("main");
    var oud = document.querySelector("main");
    if (!nieuw || !oud) { return false; }
    oud.replaceWith(nieuw);
    var voet = doc.querySelector("footer");
    if (voet && document.querySelector("footer")) { document.querySelector("footer").replaceWith(voet); }
    document.title = doc.title;
    var melding = document.getElementById("melding");
    if (melding) { melding.textContent = "Het advies is bijgewerkt."; }
    var fout = document.getElementById("fouten");
    var volgende = document.querySelector(".open-vraag input, .open-vraag select");
    var doel = fout || (focusNaam && document.querySelector('[name="' + focusNaam + '"]')) || volgende;
    if (doel && doel.focus) { doel.focus(); }
    koppel();
    return true;
  }

  function verstuur(formulier, focusNaam) {
    if (bezig) { return; }
    bezig = true;
    document.body.classList.add("bezig");
    var gegevens = new URLSearchParams(new FormData(formulier));
    fetch(formulier.action, { method: "POST", body: gegevens,
                              headers: { "Content-Type": "application/x-www-form-urlencoded" } })
      .then(function (antwoord) { return antwoord.text(); })
      .then(function (html) { if (!vervang(html, focusNaam)) { formulier.submit(); } })
      .catch(function () { formulier.submit(); })
      .finally(function () { bezig = false; document.body.classList.remove("bezig"); });
  }

  function koppel() {
    var formulier = document.getElementById("casus");
    if (!formulier) { return; }
    formulier.addEventListener("submit", function (e) { e.preventDefault(); verstuur(formulier, null); });
    // A choice in an open question is an answer: update at once (text fields on Enter).
    document.querySelectorAll(".open-vraag select, .open-vraag input[type=radio], .open-vraag input[type=checkbox]")
      .forEach(function (el) {
        el.addEventListener("change", function () { verstuur(formulier, null); });
      });
  }

  document.addEventListener("DOMContentLoaded", koppel);
  // On paper every "why" is unfolded: the case file shows the reasoning in full.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.setAttribute("open", ""); });
  });
})();
