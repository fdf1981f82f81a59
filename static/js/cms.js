// Procedure pages: the "Print this procedure" link opens the browser's print dialog
// (a plain link to the top of the content when JavaScript is off).
document.addEventListener("click", (event) => {
  const trigger = event.target.closest("[data-print]");
  if (trigger) {
    event.preventDefault();
    window.print();
  }
});
