// The quick entry page (enforcement/quick_entry.html).
// After each save htmx swaps in a fresh form: put the cursor back on the plate.
document.body.addEventListener("htmx:afterSwap", function () {
  var first = document.querySelector("#quick-entry .is-invalid") || document.getElementById("id_plate");
  if (first) { first.focus(); }
});
