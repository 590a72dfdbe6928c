// Asks before a form that cannot be undone is sent: a form with
// data-confirm="question" goes only when the user says yes. (An inline
// onsubmit would be refused by the newsroom's Content-Security-Policy.)
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
