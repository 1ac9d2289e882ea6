// informed serve: live reload, and the state of the findings panel across reloads.
// Served only by `informed serve`; `informed build` output never includes it.
(function () {
  'use strict';
  var me = document.currentScript;
  var base = (me && me.getAttribute('data-base')) || '/';
  var build = (me && me.getAttribute('data-build')) || '';
  var OPEN_KEY = 'informed-findings-open';

  // Keep the findings panel open (or closed) across reloads.
  var details = document.querySelector('#informed-findings details');
  if (details) {
    try {
      var saved = sessionStorage.getItem(OPEN_KEY);
      if (saved === '1') { details.open = true; }
      if (saved === '0') { details.open = false; }
    } catch (e) { /* storage disabled */ }
    details.addEventListener('toggle', function () {
      try { sessionStorage.setItem(OPEN_KEY, details.open ? '1' : '0'); } catch (e) { /* ignore */ }
    });
  }

  var dismiss = document.querySelector('#informed-errors .informed-dismiss');
  if (dismiss) {
    dismiss.addEventListener('click', function () {
      var box = document.getElementById('informed-errors');
      if (box) { box.hidden = true; }
    });
  }

  // Server-Sent Events on the same port and under the same base path as the site. The server
  // says `hello` with its current build on every (re)connection and `reload` after every
  // rebuild; a build that differs from the one this page was served from means reload.
  var retryTimer = null;
  function connect() {
    var source = new EventSource(base + '__informed/events');
    function check(event) {
      if (event.data && event.data !== build) {
        source.close();
        location.reload();
      }
    }
    source.onopen = function () {
      // Lets tests (and the curious) see that live reload is connected.
      document.documentElement.setAttribute('data-informed-live', 'open');
    };
    source.addEventListener('hello', check);
    source.addEventListener('reload', check);
    source.onerror = function () {
      // EventSource retries by itself after network errors, but gives up for good after an
      // HTTP error (e.g. a proxy's 502 while the server restarts): start again then.
      if (source.readyState === EventSource.CLOSED) {
        clearTimeout(retryTimer);
        retryTimer = setTimeout(connect, 1000);
      }
    };
  }
  connect();
})();
