// Print buttons and confirmations. The pages' Content-Security-Policy allows no
// inline script, so they are bound here: a button with data-print prints the page,
// a form with data-confirm asks first.
document.addEventListener("click", (e) => {
  if (e.target.closest("[data-print]")) window.print();
});
document.addEventListener("submit", (e) => {
  const ask = e.target.dataset && e.target.dataset.confirm;
  if (ask && !window.confirm(ask)) {
    e.preventDefault();
    return;
  }
  if (e.target.dataset && e.target.dataset.progress) showProgress(e.target);
});

// A form with data-progress (a large import) shows a bar while its request
// runs, asking the server how far it has gone twice a second.
function showProgress(form) {
  const box = form.querySelector("#import-progress");
  if (!box) return;
  const bar = box.querySelector("progress");
  const count = box.querySelector("[data-progress-count]");
  box.hidden = false;
  form.querySelectorAll("button").forEach((b) => (b.disabled = true));
  const ask = () =>
    fetch(form.dataset.progress, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : null))
      .then((p) => {
        if (p && p.running && p.total > 0) {
          bar.max = p.total;
          bar.value = p.done;
          count.textContent = p.done + " / " + p.total;
        }
      })
      .catch(() => {})
      .finally(() => setTimeout(ask, 500));
  setTimeout(ask, 300);
}
