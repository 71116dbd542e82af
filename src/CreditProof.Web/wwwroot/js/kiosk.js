// Kiosk (自助终端): after data-kiosk-idle seconds without a touch, key or scroll, sign out (or go back to the start
// page when nobody is signed in). A warning shows for the last 20 seconds. The server ends the session too, so the
// sign-out goes to /kiosk/idle, which needs no antiforgery token (the one on the page may belong to the ended session).
(function () {
  'use strict';
  var idle = parseInt(document.body.getAttribute('data-kiosk-idle'), 10);
  if (!(idle > 0)) { return; }
  var warning = document.querySelector('[data-kiosk-warning]');
  var warnAfter = Math.max(idle - 20, idle / 2);
  var last = Date.now();
  var done = false;

  function touched() {
    last = Date.now();
    if (warning) { warning.hidden = true; }
  }

  ['pointerdown', 'keydown', 'touchstart', 'scroll', 'wheel'].forEach(function (name) {
    window.addEventListener(name, touched, { passive: true, capture: true });
  });

  window.setInterval(function () {
    var seconds = (Date.now() - last) / 1000;
    if (done) { return; }
    if (seconds >= idle) {
      done = true;
      if (document.getElementById('signout-form')) {
        var idleForm = document.createElement('form');
        idleForm.method = 'post';
        idleForm.action = '/kiosk/idle';
        document.body.appendChild(idleForm);
        idleForm.submit();
      } else if (window.location.pathname !== '/kiosk') {
        window.location.assign('/kiosk');
      } else {
        done = false;
        touched();
      }
    } else if (seconds >= warnAfter && warning) {
      warning.hidden = false;
    }
  }, 1000);
})();
