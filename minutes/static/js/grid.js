// The figures grid: add rows, move them, arrow keys between rows. Without this script the
// grid still works: three empty rows are always offered and the order is the posted order.
(() => {
  "use strict";

  function renumber(table) {
    // Rows post in DOM order: give every row's fields the index of its place (rows-N-…).
    table.querySelectorAll("tbody tr[data-row]").forEach((tr, i) => {
      tr.querySelector(".row-no").textContent = String(i + 1);
      tr.querySelectorAll("[name^='rows-'], [id^='rows-'], [for^='rows-'], [aria-describedby]").forEach((el) => {
        for (const attr of ["name", "id", "for", "aria-describedby"]) {
          const value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, value.replace(/rows-\d+-/g, `rows-${i}-`));
        }
      });
      tr.querySelectorAll(".cell-label, .sr-only[data-row-no]").forEach((label) => {
        label.textContent = label.textContent.replace(/\d+$/, String(i + 1));
      });
      tr.querySelectorAll("[data-move]").forEach((button) => {
        const label = button.getAttribute("aria-label");
        if (label) button.setAttribute("aria-label", label.replace(/\d+/, String(i + 1)));
      });
    });
  }

  function clear(tr) {
    tr.classList.remove("is-part", "is-deleted");
    tr.querySelectorAll("input, select").forEach((el) => {
      if (el.type === "checkbox") el.checked = false;
      else if (el.tagName === "SELECT") el.selectedIndex = 0;
      else el.value = "";
      el.removeAttribute("aria-invalid");
    });
    tr.querySelectorAll(".error, .carried").forEach((el) => el.remove());
  }

  function init(table) {
    const form = table.closest("form");
    const body = table.querySelector("tbody");
    form.querySelectorAll("[data-move], [data-add-row]").forEach((button) => { button.hidden = false; });

    form.querySelector("[data-add-row]")?.addEventListener("click", () => {
      const last = body.querySelector("tr[data-row]:last-child");
      const row = last.cloneNode(true);
      clear(row);
      body.append(row);
      renumber(table);
      row.querySelector("input[type=text]").focus();
    });

    body.addEventListener("click", (event) => {
      const button = event.target.closest("[data-move]");
      if (!button) return;
      const tr = button.closest("tr");
      const other = button.dataset.move === "up" ? tr.previousElementSibling : tr.nextElementSibling;
      if (!other) return;
      if (button.dataset.move === "up") other.before(tr);
      else other.after(tr);
      renumber(table);
      button.focus();
    });

    body.addEventListener("change", (event) => {
      const tr = event.target.closest("tr[data-row]");
      if (!tr) return;
      if (event.target.name && event.target.name.endsWith("-part")) tr.classList.toggle("is-part", event.target.checked);
      if (event.target.name && event.target.name.endsWith("-delete")) tr.classList.toggle("is-deleted", event.target.checked);
    });

    // Up and down arrows move to the same column of the row above or below, as in a sheet.
    body.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
      const input = event.target;
      if (!(input instanceof HTMLInputElement) || input.type !== "text") return;
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const tr = input.closest("tr");
      const target = event.key === "ArrowUp" ? tr.previousElementSibling : tr.nextElementSibling;
      if (!target) return;
      const column = input.name.replace(/^rows-\d+-/, "");
      const next = target.querySelector(`[name$='-${column}']`);
      if (next) {
        event.preventDefault();
        next.focus();
        next.select();
      }
    });
  }

  document.querySelectorAll("table.grid").forEach(init);
})();
