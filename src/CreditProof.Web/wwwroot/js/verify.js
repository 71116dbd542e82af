// The QR code opens /v/{number}#CP1:...; browsers never send the fragment, so hand it to the server as ?p=.
(function () {
  var hash = window.location.hash;
  if (hash.indexOf('#CP1:') === 0 && window.location.search.indexOf('p=') < 0) {
    // Hide the page meanwhile: without the payload it would say "not found" for another province's report.
    document.documentElement.classList.add('qr-redirecting');
    window.location.replace(window.location.pathname + '?p=' + encodeURIComponent(hash.substring(1)));
  }
})();
