// A checkbox dropdown (brigades.widgets.CheckboxDropdown): its button names what is ticked, as
// the server renders it (the labels joined by "、", or the "all" text when none is ticked), and a
// long list narrows to the options whose label contains what is typed in its search box.
document.addEventListener("input", (event) => {
  if (!event.target.matches("[data-checkbox-filter]")) return;
  const wanted = event.target.value.trim().toLowerCase();
  const menu = event.target.closest(".dropdown-menu");
  for (const option of menu.querySelectorAll(".form-check")) {
    option.hidden = wanted !== "" && !option.textContent.toLowerCase().includes(wanted);
  }
});

document.addEventListener("change", (event) => {
  const dropdown = event.target.closest("[data-checkbox-dropdown]");
  if (!dropdown || event.target.type !== "checkbox") return;
  const labels = [...dropdown.querySelectorAll("input:checked")].map(
    (input) => dropdown.querySelector(`label[for="${input.id}"]`).textContent.trim(),
  );
  const button = dropdown.querySelector("button");
  button.textContent = labels.length ? labels.join("、") : dropdown.dataset.allLabel;
  button.title = button.textContent;
});

// Enter in the search box must not submit the form around it (the quick entry saves on Enter).
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.matches("[data-checkbox-filter]")) event.preventDefault();
});
