// A checkbox dropdown (brigades.records.widgets.CheckboxDropdown): its button names what is ticked, as
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

// Officers follow the chosen squadron: in a form with a squadron select, the officers of other
// squadrons are hidden and unticked (officers without a squadron stay: brigade staff join any).
// The server refuses them too (brigades.records.input_rules.squadron_problems).
function narrowOfficersToSquadron(form) {
  const squadron = form.querySelector("select[name=squadron]");
  if (!squadron) return;
  for (const option of form.querySelectorAll("[data-checkbox-dropdown] [data-squadron]")) {
    const other = squadron.value !== "" && option.dataset.squadron !== squadron.value;
    option.hidden = other;
    const box = option.querySelector("input[type=checkbox]");
    if (other && box.checked) {
      box.checked = false;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }
}

document.addEventListener("change", (event) => {
  if (event.target.matches("select[name=squadron]") && event.target.form) narrowOfficersToSquadron(event.target.form);
});
document.addEventListener("DOMContentLoaded", () => document.querySelectorAll("form").forEach(narrowOfficersToSquadron));
document.addEventListener("htmx:afterSwap", () => document.querySelectorAll("form").forEach(narrowOfficersToSquadron));
