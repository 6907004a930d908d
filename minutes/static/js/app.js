// Small progressive enhancements; every page works without them.

// A page with several forms (the conclusion and a directive's move button, a report's figures
// and its details): sending one reloads the page and drops what was typed in another. Ask.
const changedForms = new Set();
function noteChange(event) {
  const form = event.target.form;
  if (form && form.method === "post" && !form.closest("dialog")) changedForms.add(form);
}
document.addEventListener("input", noteChange);
document.addEventListener("change", noteChange);
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented) return;
  const others = [...changedForms].filter((other) => other !== form && document.contains(other));
  const message = document.body.dataset.unsavedMessage;
  if (others.length && message && !window.confirm(message)) {
    event.preventDefault();
    event.stopImmediatePropagation();
    return;
  }
  changedForms.delete(form);
});

document.addEventListener("submit", (event) => {
  const message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

// Copy buttons: <button data-copy="#input-id">; announces the result in .copied (aria-live).
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const input = document.querySelector(button.dataset.copy);
  const status = document.querySelector(".copied");
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
  } catch (_error) {
    document.execCommand("copy");
  }
  if (status) status.textContent = button.dataset.copiedText || "Đã sao chép.";
});
