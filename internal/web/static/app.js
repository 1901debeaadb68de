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
// The red map: ticking a layer shows or hides its markers and its table
// rows at once, and the address follows the boxes so that a reload keeps
// them. Without this file the form's Show button does the same.
document.addEventListener("change", function (ev) {
  var box = ev.target;
  if (!box.matches || !box.matches("input[data-map-layer]")) return;
  document.querySelectorAll('[data-layer="' + box.dataset.mapLayer + '"]').forEach(function (el) {
    if (el instanceof SVGElement) {
      if (box.checked) el.removeAttribute("display"); else el.setAttribute("display", "none");
    } else {
      el.hidden = !box.checked;
    }
  });
  var form = box.form;
  if (form && window.history && window.URLSearchParams) {
    var q = new URLSearchParams(new FormData(form));
    if (!q.get("community_id")) q.delete("community_id");
    window.history.replaceState(null, "", form.getAttribute("action") + "?" + q.toString());
  }
});
