// Pages for what the API answers beyond the reviewers' first pages: interview counts, card totals, assignment
// completion, monthly tallies. Units and cadres are shown by name and link to each other's pages.
import { t, tOr } from './i18n.js';
import { h, fmt } from './dom.js';
import { getJson, caller, mayReadAnyDossier } from './api.js';
import { go } from './app.js';
import { frame, field, show } from './pages.js';
import './browse-i18n.js';

/** A unit by name (its id as the title), linking to its roster for reviewers. */
export function unitLink(unitId, name) {
  if (!unitId) return '';
  const label = name || unitId;
  const who = caller();
  return who && who.roles.includes('reviewer')
    ? h('a', { href: '#/roster?unit=' + encodeURIComponent(unitId), class: 'unit-link', title: unitId, dataset: { unit: unitId } }, label)
    : h('span', { class: 'unit-name', title: unitId, dataset: { unit: unitId } }, label);
}

/** A cadre by name, linking to the dossier when the caller may read it. */
export function cadreLink(cadreId, name) {
  if (!cadreId) return '';
  const label = name || cadreId;
  const who = caller();
  const mayRead = mayReadAnyDossier(who) || (who && who.cadre === cadreId);
  return mayRead
    ? h('a', { href: '#/dossier?cadre=' + encodeURIComponent(cadreId), class: 'cadre-link', title: cadreId, dataset: { cadre: cadreId } }, label)
    : h('span', { class: 'cadre-name', title: cadreId, dataset: { cadre: cadreId } }, label);
}

/** Links from a unit to its pages: roster, interviews, card totals, completion, tallies (those the caller has). */
export function unitPages(unitId) {
  const who = caller();
  if (!who || !unitId) return null;
  const links = [];
  const u = encodeURIComponent(unitId);
  if (who.roles.includes('reviewer')) {
    links.push(h('a', { href: '#/roster?unit=' + u, class: 'to-roster' }, t('nav.roster')));
    links.push(h('a', { href: '#/interviews?unit=' + u, class: 'to-interviews' }, t('nav.interviews')));
    links.push(h('a', { href: '#/cardTotals?unit=' + u, class: 'to-card-totals' }, t('nav.cardTotals')));
  }
  if (who.roles.includes('reviewer') || who.roles.includes('assessor')) {
    links.push(h('a', { href: '#/completion?unit=' + u, class: 'to-completion' }, t('nav.completion')));
  }
  if (!links.length) return null;
  return h('p', { class: 'unit-pages no-print' }, t('browse.unitPages') + '：', links.flatMap((l, i) => i ? [' · ', l] : [l]));
}

function today() {
  return new Date().toISOString().slice(0, 10);
}

function yearStart() {
  return new Date().getUTCFullYear() + '-01-01';
}

function lastMonth() {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

function currentQuarter() {
  const d = new Date();
  return d.getUTCFullYear() + '-Q' + (Math.floor(d.getUTCMonth() / 3) + 1);
}

function incomplete(answer) {
  return answer && answer.completeness && answer.completeness.complete === false
    ? h('p', { class: 'error incomplete' }, t('browse.incomplete')) : null;
}

const KINDS = ['REMINDER', 'FORMAL_TALK', 'ADMONISHMENT'];

// ---- interview counts ---------------------------------------------------------------------------

export async function interviewsPage(main, params) {
  const unit = h('input', { id: 'unit', value: params.get('unit') || '', size: 16, placeholder: 'anning' });
  const cadre = h('input', { id: 'cadre', value: params.get('cadre') || '', size: 12, placeholder: 'c-wang' });
  const from = h('input', { id: 'from', type: 'date', value: params.get('from') || '' });
  const to = h('input', { id: 'to', type: 'date', value: params.get('to') || '' });
  const per = h('select', { id: 'per' }, ['YEAR', 'QUARTER', 'MONTH'].map(p =>
    h('option', { value: p, selected: params.get('per') === p ? true : null }, t('browse.per.' + p))));
  const area = frame(main, t('interviews.title'), [field(t('common.unit'), unit), field(t('common.cadre'), cadre),
    field(t('browse.from'), from), field(t('browse.to'), to), field(t('browse.per'), per)],
    () => go('interviews', { unit: unit.value, cadre: cadre.value, from: from.value, to: to.value, per: per.value }));
  if (!unit.value && !cadre.value) {
    area.replaceChildren(h('p', { class: 'muted' }, t('interviews.hint')));
    return;
  }
  await show(area, async () => {
    const q = new URLSearchParams();
    if (unit.value) q.set('unitId', unit.value);
    if (cadre.value) q.set('cadreId', cadre.value);
    if (from.value) q.set('from', from.value);
    if (to.value) q.set('to', to.value);
    q.set('per', per.value);
    const c = await getJson('query', '/api/v1/interviews/counts?' + q);
    return [
      h('p', { class: 'status-line', id: 'interviews-summary' },
        c.unitId ? [unitLink(c.unitId, c.unitName), ' '] : null, c.cadreId ? [cadreLink(c.cadreId, c.cadreName), ' '] : null,
        t('interviews.total', { total: c.total })),
      unitPages(c.unitId),
      incomplete(c),
      h('table', { class: 'counts', id: 'interviews' },
        h('thead', {}, h('tr', {}, h('th', {}, t('browse.period')), KINDS.map(k => h('th', { class: 'num' }, t('interview.' + k))),
          h('th', { class: 'num' }, t('browse.total')))),
        h('tbody', {}, c.periods.map(p => h('tr', { dataset: { period: p.period } }, h('td', {}, p.period),
          KINDS.map(k => h('td', { class: 'num' }, p.byKind[k] || 0)), h('td', { class: 'num strong' }, p.total))),
          h('tr', { class: 'totals' }, h('th', {}, t('browse.total')), KINDS.map(k => h('td', { class: 'num' }, c.byKind[k] || 0)),
            h('td', { class: 'num strong' }, c.total))))];
  });
}

// ---- card totals ----------------------------------------------------------------------------------

export async function cardTotalsPage(main, params) {
  const quarter = h('input', { id: 'quarter', value: params.get('quarter') || currentQuarter(), pattern: '\\d{4}-Q[1-4]',
    size: 8, required: true });
  const unit = h('input', { id: 'unit', value: params.get('unit') || '', size: 16, placeholder: 'anning' });
  const area = frame(main, t('cardTotals.title'), [field(t('common.quarter'), quarter), field(t('common.unit'), unit)],
    () => go('cardTotals', { quarter: quarter.value, unit: unit.value }));
  await show(area, async () => {
    const q = new URLSearchParams({ quarter: quarter.value });
    if (unit.value) q.set('unitId', unit.value);
    const c = await getJson('query', '/api/v1/cards/totals?' + q);
    const colours = x => x ? [x.blue, x.yellow, x.red] : ['', '', ''];
    const head = h('tr', {}, h('th', {}, t('common.unit')), ['BLUE', 'YELLOW', 'RED'].map(k =>
      h('th', { class: 'num' }, t('cards.colour.' + k))));
    return [
      h('p', { class: 'status-line', id: 'card-totals-summary' }, c.unitId ? [unitLink(c.unitId, c.unitName), ' · '] : null,
        t('cardTotals.held') + ' ' + colours(c.held).join(' / ') + ' · ' + t('cardTotals.below') + ' '
        + colours(c.below).join(' / ')),
      unitPages(c.unitId),
      incomplete(c),
      c.byUnit.length ? h('table', { class: 'counts', id: 'card-totals' }, h('thead', {}, head),
        h('tbody', {}, c.byUnit.map(u => h('tr', { dataset: { unit: u.unitId } }, h('td', {}, unitLink(u.unitId, u.name)),
          colours(u.total).map(n => h('td', { class: 'num' }, n))))))
        : h('p', { class: 'muted' }, c.unitId ? t('cards.empty') : t('cardTotals.pickUnit'))];
  });
}

// ---- assignment completion --------------------------------------------------------------------------

export async function completionPage(main, params) {
  const from = h('input', { id: 'from', type: 'date', value: params.get('from') || yearStart(), required: true });
  const to = h('input', { id: 'to', type: 'date', value: params.get('to') || today(), required: true });
  const unit = h('input', { id: 'unit', value: params.get('unit') || '', size: 16, placeholder: 'anning' });
  const area = frame(main, t('completion.title'), [field(t('browse.from'), from), field(t('browse.to'), to),
    field(t('common.unit'), unit)], () => go('completion', { from: from.value, to: to.value, unit: unit.value }));
  await show(area, async () => {
    const q = new URLSearchParams({ from: from.value, to: to.value });
    if (unit.value) q.set('unitId', unit.value);
    const c = await getJson('ranking', '/api/v1/assignments/completion?' + q);
    const cols = ['issued', 'completedOnTime', 'completedLate', 'open', 'overdue'];
    const rate = r => r == null ? '—' : fmt(Number(r) * 100, 1) + '%';
    const row = (label, counts, attrs = {}) => h('tr', attrs, h('td', {}, label),
      cols.map(k => h('td', { class: 'num' }, counts[k])), h('td', { class: 'num' }, rate(counts.completionRate)),
      h('td', { class: 'num' }, rate(counts.onTimeRate)));
    const head = h('thead', {}, h('tr', {}, h('th', {}, ''), cols.map(k => h('th', { class: 'num' }, t('completion.' + k))),
      h('th', { class: 'num' }, t('completion.rate')), h('th', { class: 'num' }, t('completion.onTimeRate'))));
    return [
      h('p', { class: 'status-line', id: 'completion-summary' }, t('completion.summary', { from: c.from, to: c.to, asOf: c.asOf,
        rate: rate(c.total.completionRate), issued: c.total.issued })),
      unitPages(c.unitId),
      incomplete(c),
      h('h2', {}, t('completion.perUnit')),
      h('table', { class: 'counts', id: 'completion' }, head, h('tbody', {},
        c.perUnit.map(u => row(unitLink(u.unitId, u.unitName), u.counts, { dataset: { unit: u.unitId } })),
        row(t('browse.total'), c.total, { class: 'totals' }))),
      h('h2', {}, t('completion.perMonth')),
      h('table', { class: 'counts', id: 'completion-months' }, head.cloneNode(true),
        h('tbody', {}, c.perMonth.map(p => row(p.period, p.counts)))),
      h('h2', {}, t('completion.perWeek')),
      h('table', { class: 'counts', id: 'completion-weeks' }, head.cloneNode(true),
        h('tbody', {}, c.perWeek.map(p => row(p.period, p.counts))))];
  });
}

// ---- monthly tallies ---------------------------------------------------------------------------------

export async function talliesPage(main, params) {
  const month = h('input', { id: 'month', type: 'month', value: params.get('month') || lastMonth(), required: true });
  const group = h('input', { id: 'group', value: params.get('parentUnitId') || '', size: 14, placeholder: t('ranking.allGroups') });
  const area = frame(main, t('tallies.title'), [field(t('common.month'), month), field(t('ranking.reviewGroup'), group)],
    () => go('tallies', { month: month.value, parentUnitId: group.value }));
  await show(area, async () => {
    const q = group.value ? '?parentUnitId=' + encodeURIComponent(group.value) : '';
    const rows = await getJson('ranking', `/api/v1/tallies/monthly/${month.value}` + q);
    if (!rows.length) return h('p', { class: 'muted', id: 'tallies-empty' }, t('tallies.empty'));
    const cols = [['positiveEntries', 'tallies.positiveEntries'], ['positivePoints', 'tallies.positivePoints'],
      ['negativeEntries', 'tallies.negativeEntries'], ['negativePoints', 'tallies.negativePoints'],
      ['netPoints', 'tallies.netPoints'], ['interviews', 'tallies.interviews'], ['blueCards', 'cards.colour.BLUE'],
      ['yellowCards', 'cards.colour.YELLOW'], ['redCards', 'cards.colour.RED'], ['evaluationScore', 'tallies.evaluationScore']];
    return h('table', { class: 'counts', id: 'tallies' },
      h('thead', {}, h('tr', {}, h('th', {}, t('common.unit')), h('th', {}, t('tallies.category')),
        cols.map(([, label]) => h('th', { class: 'num' }, t(label))), h('th', { class: 'num' }, t('tallies.assignments')))),
      h('tbody', {}, rows.map(r => h('tr', { dataset: { unit: r.unitId } },
        h('td', {}, unitLink(r.unitId, r.unitName), r.completeness && r.completeness.complete === false
          ? h('span', { class: 'error small' }, ' ' + t('browse.incompleteShort')) : null),
        h('td', {}, tOr('category.' + r.category, r.category || '')),
        cols.map(([k]) => h('td', { class: 'num' }, fmt(r[k]))),
        h('td', { class: 'num' }, t('tallies.assignmentsLine', { due: r.assignmentsDue.due,
          onTime: r.assignmentsDue.completedOnTime, late: r.assignmentsDue.completedLate, open: r.assignmentsDue.open }))))));
  });
}
