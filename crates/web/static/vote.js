// The link on a slip or in a message carries the code after "#", which the
// browser never sends to a server. Move it into the form, take it out of the
// address bar and the history, and open the ballot.
(function () {
  var form = document.getElementById('code-form');
  if (!form) return;
  var fromLink = location.hash.slice(1) || new URLSearchParams(location.search).get('t') || '';
  if (location.hash || location.search) history.replaceState(null, '', location.pathname);
  if (!fromLink) return;
  form.elements.code.value = decodeURIComponent(fromLink);
  form.submit();
})();
