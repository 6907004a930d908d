// Small progressive enhancements; every page works without them.
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
