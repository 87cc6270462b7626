// The daily tally: picking another point or day opens that day (its saved counts, or a new one);
// Enter in a count moves to the next count instead of submitting half a grid.
(function () {
  const form = document.getElementById("counter-tally");
  if (!form) return;
  form.querySelectorAll("[data-picks-day]").forEach(function (input) {
    input.addEventListener("change", function () {
      const point = form.querySelector("[name=service_point]").value;
      const day = form.querySelector("[name=date]").value;
      if (!point || !day) return;
      const params = new URLSearchParams({ service_point: point, date: day });
      window.location.href = form.dataset.tallyUrl + "?" + params.toString();
    });
  });
  const cells = Array.from(form.querySelectorAll(".count-cell"));
  cells.forEach(function (cell, index) {
    cell.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      const next = cells[index + 1];
      if (next) { next.focus(); next.select(); } else { form.querySelector("[data-testid=tally-save]").focus(); }
    });
  });
  const first = cells.find(function (cell) { return cell.classList.contains("is-invalid"); }) || cells[0];
  if (first && form.querySelector("[name=service_point]").value) first.focus();
})();
