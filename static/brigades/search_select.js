// A search select (brigades.records.widgets.SearchSelect): the page carries only the chosen option; typing
// in the box beside the select asks the server for the matching options (at most 20, in the
// user's scope) and puts them in the select, keeping the empty "all" option first.
(function () {
  "use strict";
  var timers = new WeakMap();

  function fill(select, results) {
    var chosen = select.value;
    var empty = select.querySelector('option[value=""]');
    select.replaceChildren();
    if (empty) { select.appendChild(empty); }
    results.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.id;
      option.textContent = item.text;
      option.selected = item.id === chosen;
      select.appendChild(option);
    });
    if (results.length && !select.value) { select.selectedIndex = empty ? 1 : 0; }
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches("[data-search-select-input]")) { return; }
    var select = input.closest("[data-search-select]").querySelector("select");
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(function () {
      var url = input.dataset.url + "&q=" + encodeURIComponent(input.value.trim());
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { fill(select, data.results); });
    }, 250));
  });

  // Enter in the search box must not submit the filter form before the options arrived.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-search-select-input]")) { event.preventDefault(); }
  });
})();
