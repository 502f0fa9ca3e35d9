// Agenda reordering without a page reload. Without this script the move buttons post ordinary forms.
const agenda = document.querySelector("[data-agenda]");
const status = document.querySelector("[data-agenda-status]");

function renumber() {
  agenda.querySelectorAll(".accord-agenda-number").forEach((number, index) => {
    number.textContent = String(index + 1);
  });
}

if (agenda && window.fetch) {
  agenda.addEventListener("submit", async (event) => {
    const form = event.target.closest("[data-move]");
    if (!form || !event.submitter) return;
    event.preventDefault();
    const body = new FormData(form);
    body.set("direction", event.submitter.value);
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(response.statusText);
      const { order } = await response.json();
      const items = new Map([...agenda.children].map((item) => [item.dataset.item, item]));
      order.forEach((id) => agenda.appendChild(items.get(String(id))));
      renumber();
      const moved = form.closest("[data-item]");
      if (status) status.textContent = `Moved ${event.submitter.value}: now item ${[...agenda.children].indexOf(moved) + 1}.`;
      event.submitter.focus();
    } catch {
      // Fall back to the ordinary post, which reloads the page with the new order.
      const direction = document.createElement("input");
      direction.type = "hidden";
      direction.name = "direction";
      direction.value = event.submitter.value;
      form.appendChild(direction);
      form.submit();
    }
  });
}
