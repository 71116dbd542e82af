// After a post the page's answer is what matters: move focus to it, so that a screen reader reads it at once and a
// keyboard user continues from there (the error summary, "report issued", the verification verdict).
(function () {
  var target = document.querySelector('[data-focus-on-load], .error-summary, main [role=alert], main [role=status][data-testid=message]');
  if (!target || target.hidden) return;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
})();

// A secret shown once (a new API key) is the answer to a post, not a redirect: the history entry becomes a plain GET of
// the page, so a reload shows the page without the secret and does not post (issue a key) again.
(function () {
  if (document.querySelector('[data-shown-once]') && window.history && history.replaceState) {
    history.replaceState(null, '', location.pathname);
  }
})();
