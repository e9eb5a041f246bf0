// jobsctl explorer: small enhancements only; the page works without this file.
"use strict";
document.addEventListener("keydown", (event) => {
  // "/" jumps to the search box, unless the user is typing somewhere already.
  const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement?.tagName ?? "");
  if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    document.getElementById("search")?.focus();
  }
});
for (const code of document.querySelectorAll("pre.command code")) {
  // A copy button beside each command line, where the clipboard is available.
  if (!navigator.clipboard) break;
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Copy";
  button.setAttribute("aria-label", "Copy this command");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(code.textContent);
      button.textContent = "Copied";
    } catch {
      button.textContent = "Select and copy";
    }
  });
  code.parentElement.prepend(button);
}
