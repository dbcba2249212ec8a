// The reviewers' pages: the monthly ranking, the card board, a unit's eligibility roster.
import { t, tOr } from './i18n.js';
import { h, chip, fmt, when } from './dom.js';
import { getJson, download } from './api.js';
import { go } from './app.js';
import { unitLink, unitPages } from './tables.js';

/** A page: heading, a form of fields, a print button, and the area the answer goes in. */
export function frame(main, title, fields, onSubmit, exports = []) {
  const area = h('div', { class: 'answer', id: 'answer' });
  const form = h('form', { class: 'query no-print', onsubmit: e => { e.preventDefault(); onSubmit(); } },
    fields, h('button', { type: 'submit', id: 'load' }, t('common.load')),
    exports, h('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, t('common.print')));
  main.append(h('h1', {}, title), form, area);
  return area;
}

export function field(label, input) {
  return h('label', { class: 'field' }, h('span', {}, label), input);
}

export function errorBox(e) {
  return h('p', { class: 'error', id: 'page-error', role: 'alert' }, e.message || String(e));
}

export async function show(area, work) {
  area.replaceChildren(h('p', { class: 'muted' }, t('common.loading')));
  try {
    const content = await work();
    area.replaceChildren(...[content].flat());
  } catch (e) {
    area.replaceChildren(errorBox(e));
  }
}

export function exportButton(label, id, service, pathOf, fallbackName, area) {
  return h('button', { type: 'button', class: 'secondary', id, onclick: async () => {
    try {
      await download(service, pathOf(), fallbackName());
    } catch (e) {
      area.prepend(h('p', { class: 'error' }, t('common.exportFailed', { detail: e.message })));
    }
  } }, label);
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

function categoryLabel(c) {
  return tOr('category.' + c, c || '');
}

function outcomeChip(outcome) {
  if (outcome === 'REWARD') return chip(t('ranking.outcome.REWARD'), 'reward', { class: 'outcome' });
  if (outcome === 'STATEMENT') return chip(t('ranking.outcome.STATEMENT'), 'statement', { class: 'outcome' });
  return null;
}

// ---- 1. the monthly ranking --------------------------------------------------------------------

export async function rankingPage(main, params) {
  const month = h('input', { id: 'month', type: 'month', value: params.get('month') || lastMonth(), required: true });
  // the review group (讲评单位): the parent whose children are ranked together; each closes its own month
  const group = h('input', { id: 'group', value: params.get('parentUnitId') || '', size: 14,
    placeholder: t('ranking.allGroups') });
  const version = params.get('version') || '';
  const query = () => {
    const q = new URLSearchParams();
    if (group.value) q.set('parentUnitId', group.value);
    if (version && group.value) q.set('version', version);
    return q.toString() ? '?' + q : '';
  };
  let area;
  const exports = [
    exportButton(t('common.exportXlsx'), 'export-xlsx', 'ranking',
      () => `/api/v1/rankings/monthly/${month.value}.xlsx` + query(),
      () => `ranking-${month.value}.xlsx`, { prepend: e => area.prepend(e) }),
    exportButton(t('common.exportCsv'), 'export-csv', 'ranking',
      () => `/api/v1/rankings/monthly/${month.value}.csv` + query(),
      () => `ranking-${month.value}.csv`, { prepend: e => area.prepend(e) }),
  ];
  area = frame(main, t('ranking.title'), [field(t('common.month'), month), field(t('ranking.reviewGroup'), group)],
    () => go('ranking', { month: month.value, parentUnitId: group.value }), exports);
  await show(area, async () => {
    const m = month.value;
    const only = group.value ? `&parentUnitId=${encodeURIComponent(group.value)}` : '';
    const [ranking, versions, triggers] = await Promise.all([
      getJson('ranking', `/api/v1/rankings/monthly/${m}` + query()),
      getJson('ranking', `/api/v1/rankings/monthly/${m}/versions` + (only ? '?' + only.slice(1) : '')),
      getJson('ranking', `/api/v1/accountability?from=${m}&to=${m}` + only),
    ]);
    // a version is one group's: with one group in the answer, that group's versions can be chosen
    const oneGroup = ranking.groups && ranking.groups.length === 1 ? ranking.groups[0].parentUnitId : null;
    return [statusLine(ranking, versions, m, version, group.value || oneGroup), ...groups(ranking, triggers),
      versionHistory(versions, m, ranking.version, group.value || oneGroup)];
  });
}

function statusLine(r, versions, month, chosen, parentUnitId) {
  const status = chip(t('ranking.status.' + r.status), r.status === 'FINAL' ? 'final' : 'provisional', { id: 'ranking-status' });
  const text = r.version != null
    ? t('ranking.statusLine', { status: '', version: r.version, versions: r.versions, policy: r.policyVersion })
    : r.status === 'PROVISIONAL'
      ? t('ranking.provisionalLine', { status: '', closesAt: when(r.closesAt), policy: r.policyVersion })
      : t('ranking.groupsLine', { closed: (r.groups || []).filter(g => g.status === 'FINAL').length,
        total: (r.groups || []).length, policy: r.policyVersion });
  const select = parentUnitId && versions.length > 1 ? h('select', { id: 'version', class: 'no-print', onchange: e =>
    go('ranking', { month, parentUnitId, version: e.target.value }) },
    h('option', { value: '' }, t('ranking.latest')),
    versions.map(v => h('option', { value: v.version, selected: String(v.version) === chosen ? true : null },
      t('ranking.version') + ' ' + v.version))) : null;
  return h('div', { class: 'status-line' }, status, ' ', text.replace(/^ · /, ''),
    r.closedAt ? h('span', { class: 'muted' }, ' · ' + t('ranking.closedAt', { at: when(r.closedAt) })) : null, ' ', select);
}

function groups(r, triggers) {
  if (!r.ranking.length) return [h('p', { class: 'muted', id: 'ranking-empty' }, t('ranking.empty'))];
  const byGroup = new Map();
  for (const p of r.ranking) {
    const key = (p.parentUnitId || '') + '|' + p.category;
    if (!byGroup.has(key)) byGroup.set(key, []);
    byGroup.get(key).push(p);
  }
  const triggered = new Map(triggers.map(x => [x.unitId, x]));
  const sections = [];
  for (const places of byGroup.values()) {
    places.sort((a, b) => a.rank - b.rank);
    const p0 = places[0];
    sections.push(h('section', { class: 'group', dataset: { category: p0.category, parent: p0.parentUnitId || '' } },
      h('h2', {}, t('ranking.group', { category: categoryLabel(p0.category), parent: p0.parentUnitId || '—', size: places.length })),
      h('table', { class: 'ranking' },
        h('thead', {},
          h('tr', {}, h('th', { rowspan: 2 }, t('ranking.rank')), h('th', { rowspan: 2 }, t('common.unit')),
            h('th', { rowspan: 2, class: 'num' }, t('ranking.score')), h('th', { colspan: 2 }, t('ranking.evaluation')),
            h('th', { colspan: 6 }, t('ranking.assignments')), h('th', { colspan: 3 }, t('ranking.entries')),
            h('th', { rowspan: 2 }, t('ranking.outcome'))),
          h('tr', {}, [t('ranking.evalScore'), t('ranking.evalPoints'), t('ranking.due'), t('ranking.onTime'),
            t('ranking.late'), t('ranking.open'), t('ranking.rate'), t('ranking.evalPoints'), t('ranking.plus'),
            t('ranking.minus'), t('ranking.evalPoints')].map(x => h('th', { class: 'num sub' }, x)))),
        h('tbody', {}, places.map(p => placeRow(p, triggered.get(p.unitId)))))));
  }
  return sections;
}

function placeRow(p, trigger) {
  const c = p.components;
  const marks = [outcomeChip(p.outcome),
    p.lastPlace ? chip(t('ranking.last'), 'last', { class: 'last-place' }) : null,
    trigger ? chip(t('ranking.accountability') + ' · ' + tOr('ranking.accountability.' + trigger.status, trigger.status),
      'accountability', { class: 'accountability', title: trigger.procedureId || trigger.lastError || '' }) : null];
  return h('tr', { dataset: { unit: p.unitId, rank: p.rank, outcome: p.outcome }, class: 'outcome-' + p.outcome },
    h('td', { class: 'rank' }, p.rank), h('td', { class: 'unit' }, unitLink(p.unitId, p.unitName)),
    h('td', { class: 'num score' }, fmt(p.score)),
    h('td', { class: 'num' }, fmt(c.evaluation.score)), h('td', { class: 'num' }, fmt(c.evaluation.points)),
    h('td', { class: 'num' }, c.assignments.due), h('td', { class: 'num' }, c.assignments.onTime),
    h('td', { class: 'num' }, c.assignments.late), h('td', { class: 'num' }, c.assignments.open),
    h('td', { class: 'num' }, fmt(Number(c.assignments.completionRate) * 100, 1) + '%'),
    h('td', { class: 'num' }, fmt(c.assignments.points)),
    h('td', { class: 'num' }, fmt(c.entries.positivePoints)), h('td', { class: 'num' }, fmt(c.entries.negativePoints)),
    h('td', { class: 'num' }, fmt(c.entries.points)),
    h('td', { class: 'marks' }, marks));
}

function versionHistory(versions, month, shown, parentUnitId) {
  const box = h('section', { class: 'versions', id: 'versions' }, h('h2', {}, t('ranking.versions')));
  if (!versions.length) {
    box.append(h('p', { class: 'muted' }, t('ranking.noVersions')));
    return box;
  }
  const outcome = o => o ? (tOr('ranking.outcome.' + o, o) || '—') : '—';
  box.append(h('ol', {}, versions.map(v => h('li', { class: v.version === shown ? 'shown' : null },
    h('a', { href: `#/ranking?month=${month}&parentUnitId=${encodeURIComponent(v.parentUnitId || parentUnitId || '')}&version=${v.version}` },
      t('ranking.versionLine', { version: v.version, at: when(v.createdAt), reason: v.reason || t('ranking.firstVersion') })),
    v.changes.length ? h('ul', { class: 'changes' }, v.changes.map(ch => h('li', {}, t('ranking.change', {
      unit: ch.unitName, rb: ch.before ? ch.before.rank : '—', ra: ch.after ? ch.after.rank : '—',
      sb: ch.before ? fmt(ch.before.score) : '—', sa: ch.after ? fmt(ch.after.score) : '—',
      ob: outcome(ch.before && ch.before.outcome), oa: outcome(ch.after && ch.after.outcome) })))) : null))));
  return box;
}

// ---- 2. the card board ---------------------------------------------------------------------------

const COLOURS = ['BLUE', 'YELLOW', 'RED'];

export async function cardsPage(main, params) {
  const quarter = h('input', { id: 'quarter', value: params.get('quarter') || currentQuarter(), pattern: '\\d{4}-Q[1-4]',
    placeholder: '2023-Q3', required: true, size: 8 });
  let area;
  const sink = { prepend: e => area.prepend(e) };
  area = frame(main, t('cards.title'), [field(t('common.quarter'), quarter)], () => go('cards', { quarter: quarter.value }), [
    exportButton(t('common.exportXlsx'), 'export-xlsx', 'ranking',
      () => `/api/v1/cards/board.xlsx?quarter=${encodeURIComponent(quarter.value)}`, () => `cards-${quarter.value}.xlsx`, sink),
    exportButton(t('common.exportCsv'), 'export-csv', 'ranking',
      () => `/api/v1/cards/board.csv?quarter=${encodeURIComponent(quarter.value)}`, () => `cards-${quarter.value}.csv`, sink)]);
  await show(area, async () => {
    const board = await getJson('ranking', `/api/v1/cards/board?quarter=${encodeURIComponent(quarter.value)}`);
    if (!board.units.length) return h('p', { class: 'muted' }, t('cards.empty'));
    const colourChip = c => c ? chip(t('cards.colour.' + c), c.toLowerCase(), { class: 'card-chip', dataset: { colour: c } }) : null;
    return [
      h('p', { class: 'legend', id: 'board-totals' }, t('cards.total') + '：',
        COLOURS.map(c => h('span', { class: 'total-' + c.toLowerCase() }, colourChip(c), ' ' + board.totals[c]))),
      h('table', { class: 'board', id: 'board' },
        h('thead', {}, h('tr', {}, h('th', {}, t('common.unit')), board.aspects.map(a => h('th', {}, a)),
          COLOURS.map(c => h('th', { class: 'num' }, t('cards.colour.' + c))))),
        h('tbody', {}, board.units.map(u => h('tr', { dataset: { unit: u.unitId } },
          h('th', { class: 'unit', scope: 'row' }, unitLink(u.unitId, u.unitName), h('div', { class: 'muted small' }, categoryLabel(u.category))),
          board.aspects.map(a => h('td', { class: 'cell', dataset: { aspect: a } }, colourChip(u.cards[a]))),
          COLOURS.map(c => h('td', { class: 'num' }, u.totals[c] || '')))),
        h('tr', { class: 'totals' }, h('th', {}, t('cards.perAspect')),
          board.aspects.map(a => h('td', { class: 'small' }, COLOURS.filter(c => board.totalsByAspect[a][c])
            .map(c => t('cards.colour.' + c) + ' ' + board.totalsByAspect[a][c]).join(' · '))),
          COLOURS.map(c => h('td', { class: 'num strong' }, board.totals[c])))))];
  });
}

// ---- 4. a unit's eligibility roster -----------------------------------------------------------------

export function purposeFields(params) {
  const purpose = h('select', { id: 'purpose' }, ['LEADERSHIP_POST', 'RANK_PROMOTION', 'AWARD'].map(p =>
    h('option', { value: p, selected: params.get('purpose') === p ? true : null }, t('eligibility.purpose.' + p))));
  const target = h('input', { id: 'target', value: params.get('target') || '县处副', size: 6 });
  const asOf = h('input', { id: 'asOf', type: 'date', value: params.get('asOf') || new Date().toISOString().slice(0, 10) });
  const targetField = field(t('eligibility.target'), target);
  const sync = () => { targetField.hidden = purpose.value !== 'LEADERSHIP_POST'; };
  purpose.addEventListener('change', sync);
  sync();
  const query = () => 'purpose=' + purpose.value + (purpose.value === 'LEADERSHIP_POST' ? '&target=' + encodeURIComponent(target.value) : '')
    + (asOf.value ? '&asOf=' + asOf.value : '');
  const values = () => ({ purpose: purpose.value, target: purpose.value === 'LEADERSHIP_POST' ? target.value : '', asOf: asOf.value });
  return { fields: [field(t('eligibility.purpose'), purpose), targetField, field(t('common.asOf'), asOf)], query, values };
}

export function ruleLabel(code) {
  return tOr('rule.' + code, code);
}

export async function rosterPage(main, params) {
  const unit = h('input', { id: 'unit', value: params.get('unit') || 'anning', required: true, size: 16 });
  const purpose = purposeFields(params);
  let area;
  const sink = { prepend: e => area.prepend(e) };
  area = frame(main, t('roster.title'), [field(t('common.unit'), unit), ...purpose.fields],
    () => go('roster', { unit: unit.value, ...purpose.values() }), [
      exportButton(t('common.exportXlsx'), 'export-xlsx', 'query',
        () => `/api/v1/units/${encodeURIComponent(unit.value)}/eligibility-roster.xlsx?${purpose.query()}`,
        () => `roster-${unit.value}.xlsx`, sink),
      exportButton(t('common.exportCsv'), 'export-csv', 'query',
        () => `/api/v1/units/${encodeURIComponent(unit.value)}/eligibility-roster.csv?${purpose.query()}`,
        () => `roster-${unit.value}.csv`, sink)]);
  await show(area, async () => {
    const r = await getJson('query', `/api/v1/units/${encodeURIComponent(unit.value)}/eligibility-roster?${purpose.query()}&limit=500`);
    const values = purpose.values();
    const summary = h('p', { class: 'status-line', id: 'roster-summary' },
      r.unitName ? h('strong', { class: 'roster-unit' }, r.unitName + ' · ') : null,
      t('eligibility.purpose.' + r.purpose) + (r.target ? ' · ' + r.target : '') + ' · ' + t('common.asOf') + ' ' + r.asOf + ' · ',
      t('roster.eligibleCount', { eligible: r.eligibleOnPage, total: r.totalCadres, version: r.policyVersion }));
    if (!r.cadres.length) return [summary, unitPages(r.unitId), h('p', { class: 'muted' }, t('roster.empty'))];
    return [summary, unitPages(r.unitId), h('table', { class: 'roster', id: 'roster' },
      h('thead', {}, h('tr', {}, [t('common.cadre'), t('eligibility.result'), t('roster.blockedBy'), t('roster.earliest')]
        .map(x => h('th', {}, x)))),
      h('tbody', {}, r.cadres.map(c => h('tr', { dataset: { cadre: c.cadreId, eligible: String(c.eligible) } },
        h('td', {}, h('a', { href: `#/dossier?cadre=${encodeURIComponent(c.cadreId)}&purpose=${values.purpose}`
          + `&target=${encodeURIComponent(values.target)}&asOf=${values.asOf}`, class: 'cadre-link' }, c.cadreName || c.cadreId),
          c.cadreName ? h('span', { class: 'muted small' }, ' ' + c.cadreId) : null),
        h('td', {}, c.eligible ? chip(t('eligibility.eligible'), 'pass') : chip(t('eligibility.notEligible'), 'fail')),
        h('td', {}, c.blockedBy.map(ruleLabel).join('、')),
        h('td', {}, c.earliestClearDate || '')))))];
  });
}
