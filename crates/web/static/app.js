// Print buttons and confirmations. The pages' Content-Security-Policy allows no
// inline script, so they are bound here: a button with data-print prints the page,
// a form with data-confirm asks first.
document.addEventListener("click", (e) => {
  if (e.target.closest("[data-print]")) window.print();
});
document.addEventListener("submit", (e) => {
  const ask = e.target.dataset && e.target.dataset.confirm;
  if (ask && !window.confirm(ask)) e.preventDefault();
});
