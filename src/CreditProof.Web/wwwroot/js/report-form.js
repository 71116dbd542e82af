// The new-report form without round trips: search the domains, select all or clear, count what is chosen.
// Without JavaScript the form still works: the buttons post the form and the server re-renders it.
(function () {
  'use strict';
  document.querySelectorAll('[data-domain-picker]').forEach(function (picker) {
    var boxes = Array.prototype.slice.call(picker.querySelectorAll('input[type=checkbox]:not(:disabled)'));
    var labels = Array.prototype.slice.call(picker.querySelectorAll('label[data-name]'));
    var groups = Array.prototype.slice.call(picker.querySelectorAll('[data-domain-group]'));
    var count = picker.querySelector('[data-domain-count]');
    var search = picker.querySelector('[data-domain-search]');
    var searchWrap = picker.querySelector('[data-domain-search-wrap]');

    function update() {
      var n = boxes.filter(function (b) { return b.checked; }).length;
      count.textContent = count.getAttribute('data-template').replace('{0}', String(n));
    }

    function visible(box) { return !box.closest('label').hidden; }

    searchWrap.hidden = false;
    search.addEventListener('input', function () {
      var term = search.value.trim().toLowerCase();
      labels.forEach(function (label) {
        label.hidden = term !== '' && label.getAttribute('data-name').toLowerCase().indexOf(term) < 0;
      });
      groups.forEach(function (group) {
        group.hidden = group.querySelectorAll('label[data-name]:not([hidden])').length === 0;
      });
    });
    search.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { e.preventDefault(); }
    });

    picker.querySelectorAll('[data-select]').forEach(function (button) {
      button.addEventListener('click', function (e) {
        e.preventDefault();
        var on = button.getAttribute('data-select') === 'all';
        // With a search term, select-all and clear act on the domains shown.
        boxes.filter(visible).forEach(function (b) { b.checked = on; });
        update();
      });
    });
    boxes.forEach(function (b) { b.addEventListener('change', update); });
    update();
  });

  document.querySelectorAll('[data-custom-date]').forEach(function (input) {
    input.addEventListener('input', function () {
      var custom = input.form && input.form.querySelector('input[name="Form.Period"][value=custom]');
      if (custom) { custom.checked = true; }
    });
  });
})();
