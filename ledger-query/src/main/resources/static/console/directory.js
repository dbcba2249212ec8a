// Pickers for units and cadres, by name, from the directory: only what is in the caller's scope.
import { t, tOr } from './i18n.js';
import { h } from './dom.js';
import { getJson } from './api.js';

let unitTree = null;

/** The caller's units as a tree (loaded once per page load; forget() after registering a unit). */
export async function units() {
  if (!unitTree) unitTree = getJson('query', '/api/v1/directory/units').catch(e => { unitTree = null; throw e; });
  return unitTree;
}

export function forget() {
  unitTree = null;
}

/** The units flattened in tree order, each with its depth. */
export function flatten(nodes, depth = 0, out = []) {
  for (const n of nodes) {
    out.push({ ...n, depth });
    flatten(n.children || [], depth + 1, out);
  }
  return out;
}

/**
 * A select of the caller's units, indented by level; closed units cannot be chosen. `optional` adds an
 * empty choice. The select is returned at once and filled when the directory answers.
 */
export function unitPicker(id, { optional = false, value = '' } = {}) {
  const select = h('select', { id, name: id, 'data-picker': 'unit' },
    h('option', { value: '' }, optional ? t('forms.none') : t('forms.loading')));
  units().then(tree => {
    const options = flatten(tree.units).map(u => h('option', { value: u.id, disabled: u.closedOn ? true : null,
      selected: u.id === value ? true : null },
      '\u3000'.repeat(u.depth) + u.name + (u.closedOn ? ' · ' + t('forms.closed') : '') + ' (' + tOr('category.' + u.category, u.category) + ')'));
    select.replaceChildren(h('option', { value: '' }, optional ? t('forms.none') : t('forms.chooseUnit')), ...options);
    if (value) select.value = value;
    select.dispatchEvent(new Event('directory-loaded'));
  }).catch(e => {
    select.replaceChildren(h('option', { value: '' }, t('forms.directoryFailed', { detail: e.message })));
  });
  return select;
}

/**
 * A cadre picker: a search box (a part of the name or the id) and a select of the matches in scope, each
 * named with unit and post. The chosen id is the select's value.
 */
export function cadrePicker(id, { value = '', onChange = null } = {}) {
  const search = h('input', { id: id + '-q', type: 'search', size: 14, maxlength: 50, placeholder: t('forms.searchCadre'),
    autocomplete: 'off' });
  const select = h('select', { id, name: id, 'data-picker': 'cadre' }, h('option', { value: '' }, t('forms.loading')));
  let asked = 0;
  const load = async () => {
    const mine = ++asked;
    const q = search.value.trim();
    try {
      const page = await getJson('query', '/api/v1/directory/cadres?limit=50' + (q ? '&q=' + encodeURIComponent(q) : ''));
      if (mine !== asked) return;
      const keep = select.value || value;
      const options = page.cadres.map(c => h('option', { value: c.id },
        c.name + ' · ' + (c.unitName || c.unitId) + ' · ' + c.post + ' (' + c.id + ')'));
      select.replaceChildren(h('option', { value: '' }, page.cadres.length ? t('forms.chooseCadre') : t('forms.noCadre')),
        ...options, ...(page.next ? [h('option', { value: '', disabled: true }, t('forms.moreCadres'))] : []));
      if (keep && page.cadres.some(c => c.id === keep)) select.value = keep;
      else if (page.cadres.length === 1 && q) select.value = page.cadres[0].id;
      select.dispatchEvent(new Event('change'));
    } catch (e) {
      if (mine === asked) select.replaceChildren(h('option', { value: '' }, t('forms.directoryFailed', { detail: e.message })));
    }
  };
  let timer = null;
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(load, 250); });
  if (onChange) select.addEventListener('change', () => onChange(select.value));
  load();
  return { search, select, element: h('span', { class: 'cadre-picker' }, search, ' ', select) };
}
