// Comfort only: every page works without this file.
// Asks for confirmation before a destructive choice is submitted: a button
// with data-confirm, or a checked radio/checkbox with data-confirm.
document.addEventListener("submit", function (ev) {
  var form = ev.target;
  var msgs = [];
  if (ev.submitter && ev.submitter.dataset.confirm) msgs.push(ev.submitter.dataset.confirm);
  form.querySelectorAll("input[data-confirm]:checked").forEach(function (el) {
    var initial = el.defaultChecked;
    if (!initial) msgs.push(el.dataset.confirm);
  });
  for (var i = 0; i < msgs.length; i++) {
    if (!window.confirm(msgs[i])) { ev.preventDefault(); return; }
  }
});
// Close the open menus when clicking elsewhere.
document.addEventListener("click", function (ev) {
  document.querySelectorAll("details.usermenu[open], details.menu-toggle[open]").forEach(function (d) {
    if (!d.contains(ev.target)) d.removeAttribute("open");
  });
});
