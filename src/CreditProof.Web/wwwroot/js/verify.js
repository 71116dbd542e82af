// The QR code opens /v/{number}#CP1:...; browsers never send the fragment, so hand it to the server as ?p=.
(function () {
  var hash = window.location.hash;
  if (hash.indexOf('#CP1:') === 0 && window.location.search.indexOf('p=') < 0) {
    window.location.replace(window.location.pathname + '?p=' + encodeURIComponent(hash.substring(1)));
  }
})();
