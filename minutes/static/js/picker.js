// Unit pickers: search as you type over /units/search, chips for what is picked.
// Markup comes from minutes/organisations/fields.py; without this script the typed name is
// looked up on the server when the form is posted.
(() => {
  "use strict";
  let counter = 0;

  function csrfToken(element) {
    const form = element.closest("form");
    const input = (form && form.querySelector("input[name=csrf_token]")) || document.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  function chip(picker, unit) {
    const li = document.createElement("li");
    li.className = "chip";
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = picker.dataset.name;
    box.value = unit.id;
    box.checked = true;
    const text = document.createElement("span");
    text.className = "chip-text";
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = unit.name;
    text.append(name);
    if (unit.place) {
      const place = document.createElement("small");
      place.className = "place";
      place.textContent = unit.place;
      text.append(" ", place);
    }
    if (unit.external) {
      const tag = document.createElement("small");
      tag.className = "tag";
      tag.textContent = picker.dataset.externalLabel || "ngoài hệ thống";
      text.append(" ", tag);
    }
    label.append(box, " ", text);
    li.append(label);
    return li;
  }

  function chipName(li) {
    const name = li.querySelector(".name");
    return (name || li).textContent.trim();
  }

  function init(picker) {
    if (picker.dataset.ready) return;
    picker.dataset.ready = "1";
    const input = picker.querySelector(".picker-input");
    const list = picker.querySelector(".picker-list");
    const chips = picker.querySelector(".chips");
    const status = picker.querySelector(".picker-status");
    const multiple = picker.dataset.multiple === "1";
    let results = [];
    let active = -1;
    let timer = null;
    let asked = 0;

    function say(text) {
      if (status) status.textContent = text;
    }

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function showError(text) {
      // Shown where the suggestions go (too many searches in a minute, network down) and read out.
      list.innerHTML = "";
      const li = document.createElement("li");
      li.className = "picker-none picker-error";
      li.textContent = text;
      list.append(li);
      list.hidden = false;
      say(text);
    }

    function highlight(index) {
      const options = list.querySelectorAll("[role=option]");
      if (!options.length) return;
      active = (index + options.length) % options.length;
      options.forEach((option, i) => option.setAttribute("aria-selected", i === active ? "true" : "false"));
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function picked() {
      return Array.from(chips.querySelectorAll("input[type=checkbox]")).map((box) => box.value);
    }

    function choose(unit) {
      if (!multiple) chips.innerHTML = "";
      if (!picked().includes(String(unit.id))) chips.append(chip(picker, unit));
      input.value = "";
      close();
      say((picker.dataset.pickedLabel || "Đã chọn") + ": " + unit.name);
      input.focus();
      picker.dispatchEvent(new CustomEvent("picker:change", { bubbles: true }));
    }

    function render(query) {
      list.innerHTML = "";
      results.forEach((unit, i) => {
        const li = document.createElement("li");
        li.id = `${input.id}-option-${i}`;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        const name = document.createElement("span");
        name.className = "name";
        name.textContent = unit.name;
        li.append(name);
        if (unit.place || unit.external) {
          const place = document.createElement("small");
          place.className = "place";
          place.textContent = [unit.place, unit.external ? picker.dataset.externalLabel || "" : ""].filter(Boolean).join(" · ");
          li.append(place);
        }
        if (picked().includes(String(unit.id))) li.classList.add("is-picked");
        li.addEventListener("mousedown", (event) => event.preventDefault());
        li.addEventListener("click", () => choose(unit));
        list.append(li);
      });
      if (picker.dataset.addUrl && query) {
        const li = document.createElement("li");
        li.id = `${input.id}-option-add`;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "picker-add";
        li.textContent = (picker.dataset.addLabel || "Thêm cơ quan ngoài hệ thống") + ": “" + query + "”";
        li.addEventListener("mousedown", (event) => event.preventDefault());
        li.addEventListener("click", () => addExternal(query));
        list.append(li);
      }
      if (!list.children.length) {
        const li = document.createElement("li");
        li.className = "picker-none";
        li.textContent = picker.dataset.noneLabel || "Không tìm thấy.";
        list.append(li);
      }
      // As wide as the names need (a narrow column cuts them), but never past the window.
      const room = document.documentElement.clientWidth - picker.getBoundingClientRect().left - 8;
      list.style.maxWidth = `${Math.max(picker.offsetWidth, Math.min(room, 560))}px`;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      say(`${results.length} ${picker.dataset.countLabel || "kết quả"}`);
    }

    async function lookup() {
      const query = input.value.trim();
      if (!query) {
        close();
        return;
      }
      const ticket = ++asked;
      const url = new URL(picker.dataset.url, window.location.href);
      url.searchParams.set("q", query);
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (ticket !== asked) return; // an older answer arriving late
        if (!response.ok) {
          results = [];
          const body = await response.json().catch(() => ({}));
          showError(body.error || picker.dataset.errorLabel || "Không tìm được, hãy thử lại.");
          return;
        }
        results = (await response.json()).results;
        render(query);
      } catch (_error) {
        if (ticket === asked) showError(picker.dataset.errorLabel || "Không tìm được, hãy thử lại.");
      }
    }

    function addExternal(name) {
      close();
      const dialog = document.getElementById("add-external");
      if (!dialog) return;
      const form = dialog.querySelector("form");
      form.reset();
      form.elements.name.value = name;
      dialog.querySelectorAll(".error").forEach((e) => (e.textContent = ""));
      dialog.querySelectorAll(".chips").forEach((c) => (c.innerHTML = ""));
      dialog.onsubmitunit = (unit) => choose(unit);
      dialog.returnFocus = input;
      dialog.showModal();
      form.elements.name.focus();
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(lookup, 150);
    });
    input.addEventListener("keydown", (event) => {
      const open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) lookup();
        else highlight(active + 1);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" && open) {
        event.preventDefault(); // never submit the form while choosing
        const options = list.querySelectorAll("[role=option]");
        const option = options[active >= 0 ? active : 0];
        if (option) option.click();
      } else if (event.key === "Escape" && (open || input.value)) {
        // First Escape closes the suggestions, the next one clears what was typed (as in the
        // WAI-ARIA combobox pattern); inside the add-external dialog neither closes the dialog.
        event.preventDefault();
        event.stopPropagation();
        if (open) close();
        else input.value = "";
      } else if (event.key === "Backspace" && !input.value && multiple) {
        const last = chips.lastElementChild;
        if (last) {
          say((picker.dataset.removedLabel || "Đã bỏ") + ": " + chipName(last));
          last.remove();
        }
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
    chips.addEventListener("change", (event) => {
      if (event.target.type === "checkbox" && !event.target.checked) {
        const li = event.target.closest(".chip");
        say((picker.dataset.removedLabel || "Đã bỏ") + ": " + chipName(li));
        li.remove();
        input.focus();
      }
    });
    if (!input.id) input.id = `picker-${++counter}`;
  }

  function initDialog(dialog) {
    const form = dialog.querySelector("form");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const parent = form.querySelector(".chips input[type=checkbox]");
      const body = {
        name: form.elements.name.value,
        level: form.elements.level.value,
        parent_id: parent ? parent.value : "",
      };
      const response = await fetch(dialog.dataset.url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken(dialog) },
        body: JSON.stringify(body),
      });
      const data = await response.json().catch(() => ({ error: dialog.dataset.errorLabel }));
      if (!response.ok) {
        const target = dialog.querySelector(`[data-error-for=${data.field || "name"}]`) || dialog.querySelector("[data-error-for=name]");
        target.textContent = data.error;
        return;
      }
      dialog.close();
      if (dialog.onsubmitunit) dialog.onsubmitunit(data);
    });
    dialog.querySelector("[data-cancel]").addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => dialog.returnFocus && dialog.returnFocus.focus());
  }

  // A block another script adds (a new directive on the conclusion page) sends "picker:scan".
  document.addEventListener("picker:scan", (event) => event.target.querySelectorAll("[data-picker]").forEach(init));
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-picker]").forEach(init);
    const dialog = document.getElementById("add-external");
    if (dialog) initDialog(dialog);
  });
})();
