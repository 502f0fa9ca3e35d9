// Agenda reordering without a page reload. Without this script the move buttons post ordinary forms.
const agenda = document.querySelector("[data-agenda]");
const status = document.querySelector("[data-agenda-status]");

function renumber() {
  agenda.querySelectorAll(".accord-agenda-number").forEach((number, index) => {
    number.textContent = String(index + 1);
  });
}

function moveButton(direction, title) {
  const button = document.createElement("button");
  button.type = "submit";
  button.name = "direction";
  button.value = direction;
  button.className = "govuk-button govuk-button--secondary govuk-!-margin-bottom-1";
  button.textContent = direction === "up" ? "Move up" : "Move down";
  const hidden = document.createElement("span");
  hidden.className = "govuk-visually-hidden";
  hidden.textContent = ` ${title}`;
  button.append(hidden);
  return button;
}

// As the server draws them: no "Move up" on the first item, no "Move down" on the last.
function refreshButtons() {
  const items = [...agenda.children];
  items.forEach((item, index) => {
    const form = item.querySelector("[data-move]");
    if (!form) return;
    const up = form.querySelector('button[value="up"]');
    const down = form.querySelector('button[value="down"]');
    if (index === 0) up?.remove();
    else if (!up) form.insertBefore(moveButton("up", item.dataset.title), down);
    if (index === items.length - 1) down?.remove();
    else if (!down) form.append(moveButton("down", item.dataset.title));
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
      const moved = form.closest("[data-item]");
      const items = new Map([...agenda.children].map((item) => [item.dataset.item, item]));
      order.forEach((id) => agenda.appendChild(items.get(String(id))));
      renumber();
      refreshButtons();
      if (status) status.textContent = `Moved ${event.submitter.value}: now item ${[...agenda.children].indexOf(moved) + 1}.`;
      (event.submitter.isConnected ? event.submitter : form.querySelector("button"))?.focus();
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
