// Progressive enhancement for the data-category checkboxes (#f-dataCategories): adds a box that
// filters them by their label or fideslang key. Without JavaScript every group stays as rendered.
(function () {
  var field = document.getElementById('f-dataCategories');
  if (!field) return;
  var groups = Array.prototype.slice.call(field.querySelectorAll('details'));
  var wrap = document.createElement('div');
  wrap.className = 'field';
  wrap.innerHTML = '<label for="f-dataCategories-search">Find a data category</label>'
    + '<input type="text" id="f-dataCategories-search" autocomplete="off" aria-describedby="dataCategories-search-status">'
    + '<p class="hint" id="dataCategories-search-status" role="status" aria-live="polite"></p>';
  var legend = field.querySelector('legend');
  field.insertBefore(wrap, groups[0] || (legend ? legend.nextSibling : null));
  var input = wrap.querySelector('input');
  var status = wrap.querySelector('p');
  var initiallyOpen = groups.map(function (g) { return g.open; });
  input.addEventListener('input', function () {
    var needle = input.value.trim().toLowerCase();
    var shown = 0;
    groups.forEach(function (g, i) {
      var matches = 0;
      g.querySelectorAll('.check').forEach(function (item) {
        var hit = !needle || item.textContent.toLowerCase().indexOf(needle) !== -1;
        item.hidden = !hit;
        if (hit) matches += 1;
      });
      g.hidden = matches === 0;
      // A search opens the groups it found something in; clearing it restores what was open.
      g.open = needle ? matches > 0 : initiallyOpen[i];
      shown += matches;
    });
    status.textContent = needle ? shown + (shown === 1 ? ' category matches.' : ' categories match.') : '';
  });
})();
