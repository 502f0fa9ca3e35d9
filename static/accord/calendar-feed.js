// "Copy the address" on the calendar feed page, added only where the browser lets the page copy.
// Without this script the address, shown in full, can still be selected and copied by hand.
const group = document.querySelector("[data-copy]");
const status = document.querySelector("[data-copy-status]");

if (group && status && navigator.clipboard) {
  const address = document.getElementById(group.dataset.copy);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary";
  button.textContent = "Copy the address";
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(address.textContent.trim());
      status.textContent = "Address copied. Paste it into your calendar app.";
    } catch {
      status.textContent = "Your browser did not copy the address: select it and copy it.";
    }
  });
  group.append(button);
}
