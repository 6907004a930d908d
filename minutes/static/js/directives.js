// New directives on the conclusion page: "Thêm chỉ đạo" adds a blank block under the others.
// Without this script the page still offers three blank blocks at each save.
(() => {
  "use strict";
  const ATTRS = ["name", "id", "for", "aria-describedby", "aria-controls", "data-name"];

  function renumber(blocks) {
    // Blocks post in DOM order: every field takes the index of its block (new-N-…).
    blocks.querySelectorAll("[data-directive-block]").forEach((block, i) => {
      block.querySelectorAll("*").forEach((el) => {
        for (const attr of ATTRS) {
          const value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, value.replace(/new-\d+-/g, `new-${i}-`));
        }
      });
      block.querySelectorAll("[data-block-no]").forEach((el) => {
        el.textContent = el.textContent.replace(/\d+(\D*)$/, `${i + 1}$1`);
      });
    });
  }

  function clear(block) {
    block.querySelectorAll("input, textarea").forEach((el) => {
      el.value = "";
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-activedescendant");
      const described = (el.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && !id.endsWith("-error"));
      if (described.length) el.setAttribute("aria-describedby", described.join(" "));
      else el.removeAttribute("aria-describedby");
    });
    block.querySelectorAll(".error, .chips > *, .picker-list > *").forEach((el) => el.remove());
    block.querySelectorAll(".has-error").forEach((el) => el.classList.remove("has-error"));
    block.querySelectorAll(".picker-list").forEach((el) => { el.hidden = true; });
    block.querySelectorAll(".picker-status").forEach((el) => { el.textContent = ""; });
    block.querySelectorAll("[aria-expanded]").forEach((el) => el.setAttribute("aria-expanded", "false"));
    block.querySelectorAll("[data-picker]").forEach((el) => { delete el.dataset.ready; });
  }

  document.querySelectorAll("[data-directive-blocks]").forEach((blocks) => {
    const button = blocks.closest("form").querySelector("[data-add-directive]");
    button.hidden = false;
    button.addEventListener("click", () => {
      const block = blocks.querySelector("[data-directive-block]:last-of-type").cloneNode(true);
      clear(block);
      blocks.append(block);
      renumber(blocks);
      block.dispatchEvent(new CustomEvent("picker:scan", { bubbles: true }));
      block.querySelector("textarea").focus();
    });
  });
})();
