// After a post the page's answer is what matters: move focus to it, so that a screen reader reads it at once and a
// keyboard user continues from there (the error summary, "report issued", the verification verdict).
(function () {
  var target = document.querySelector('[data-focus-on-load], .error-summary, main [role=alert], main [role=status][data-testid=message]');
  if (!target || target.hidden) return;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
})();
