// The button of a checkbox dropdown (brigades.widgets.CheckboxDropdown) names what is ticked,
// as the server renders it: the labels joined by "、", or the "all" text when none is ticked.
document.addEventListener("change", (event) => {
  const dropdown = event.target.closest("[data-checkbox-dropdown]");
  if (!dropdown) return;
  const labels = [...dropdown.querySelectorAll("input:checked")].map(
    (input) => dropdown.querySelector(`label[for="${input.id}"]`).textContent.trim(),
  );
  const button = dropdown.querySelector("button");
  button.textContent = labels.length ? labels.join("、") : dropdown.dataset.allLabel;
  button.title = button.textContent;
});
