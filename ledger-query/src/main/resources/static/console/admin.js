// The operator's page: parked records with their reasons and redrive, rebuilds with their progress, and the
// month close of a review group — for ledger-query and ranking-projector, each from its own admin API.
import { t } from './i18n.js';
import { h, chip, fmt, when } from './dom.js';
import { getJson, postAction } from './api.js';
import { field, errorBox } from './pages.js';
import './browse-i18n.js';

const SERVICES = ['query', 'ranking'];

export async function adminPage(main, params) {
  main.append(h('h1', {}, t('admin.title')));
  const parked = h('section', { class: 'card', id: 'admin-parked' });
  const rebuilds = h('section', { class: 'card', id: 'admin-rebuilds' });
  const close = h('section', { class: 'card', id: 'admin-close' });
  main.append(close, parked, rebuilds);
  closeForm(close, params);
  await Promise.all([showParked(parked), showRebuilds(rebuilds)]);
}

// ---- parked records ------------------------------------------------------------------------------------

async function showParked(box) {
  box.replaceChildren(h('h2', {}, t('admin.parked')));
  for (const service of SERVICES) {
    const part = h('div', { class: 'admin-part', dataset: { service } }, h('h3', {}, t('todo.from.' + service)));
    box.append(part);
    try {
      const records = await getJson(service, '/api/v1/admin/parked-events');
      if (!records.length) {
        part.append(h('p', { class: 'muted parked-none' }, t('admin.noParked')));
        continue;
      }
      const streams = [...new Set(records.map(r => r.streamId))];
      part.append(h('table', { class: 'counts parked' },
        h('thead', {}, h('tr', {}, [t('admin.stream'), t('admin.event'), t('admin.reason'), t('admin.parkedAt'), ''].map(x => h('th', {}, x)))),
        h('tbody', {}, records.map(r => h('tr', { dataset: { stream: r.streamId, event: r.eventId || '' } },
          h('td', {}, r.streamId), h('td', {}, (r.eventType || '') + ' ', h('span', { class: 'muted small' }, r.eventId || '')),
          h('td', { class: 'reason' }, r.poison ? chip(t('admin.poison'), 'fail') : chip(t('admin.waiting'), 'provisional'), ' ', r.reason),
          h('td', {}, when(r.parkedAt)),
          h('td', {}, streams.indexOf(r.streamId) >= 0 && records.find(x => x.streamId === r.streamId) === r
            ? h('button', { type: 'button', class: 'redrive', dataset: { stream: r.streamId }, onclick: () => redrive(box, service, r.streamId) },
              t('admin.redrive')) : null))))),
        h('button', { type: 'button', class: 'secondary redrive-all', onclick: () => redrive(box, service, null) }, t('admin.redriveAll')));
    } catch (e) {
      part.append(errorBox(e));
    }
  }
}

async function redrive(box, service, streamId) {
  try {
    const r = await postAction(service, '/api/v1/admin/parked-events/redrive' + (streamId ? '?streamId=' + encodeURIComponent(streamId) : ''));
    await showParked(box);
    box.prepend(h('p', { class: 'status-line', id: 'redrive-result' }, t('admin.redriven', { redriven: r.redriven, still: r.stillParked })));
  } catch (e) {
    box.prepend(errorBox(e));
  }
}

// ---- rebuilds --------------------------------------------------------------------------------------------

async function showRebuilds(box) {
  box.replaceChildren(h('h2', {}, t('admin.rebuilds')), h('p', { class: 'muted' }, t('admin.rebuildsHint')));
  for (const service of SERVICES) {
    const part = h('div', { class: 'admin-part', dataset: { service } }, h('h3', {}, t('todo.from.' + service)));
    box.append(part);
    try {
      const all = await getJson(service, '/api/v1/admin/rebuilds');
      part.append(all.length ? h('table', { class: 'counts rebuilds' },
        h('thead', {}, h('tr', {}, [t('admin.rebuild'), t('admin.state'), t('admin.eventsRead'), t('admin.lag'),
          t('admin.rate'), t('admin.startedAt'), t('admin.finishedAt'), ''].map(x => h('th', {}, x)))),
        h('tbody', {}, all.map(s => h('tr', { dataset: { rebuild: s.id, state: s.state } },
          h('td', {}, s.id, h('div', { class: 'muted small' }, s.schema + (s.startedBy ? ' · ' + s.startedBy : ''))),
          h('td', {}, s.state, s.error ? h('div', { class: 'error small' }, s.error) : null),
          h('td', { class: 'num' }, s.eventsRead), h('td', { class: 'num' }, s.lag), h('td', { class: 'num' }, fmt(s.eventsPerSecond, 0)),
          h('td', {}, when(s.startedAt)), h('td', {}, when(s.finishedAt)),
          h('td', {}, s.state === 'CAUGHT_UP' && !s.autoSwitch
            ? h('button', { type: 'button', onclick: () => act(box, service, `/api/v1/admin/rebuilds/${s.id}/switch`) }, t('admin.switch'))
            : null)))))
        : h('p', { class: 'muted' }, t('admin.noRebuilds')),
      h('button', { type: 'button', class: 'secondary start-rebuild', onclick: () => {
        if (window.confirm(t('admin.confirmRebuild'))) act(box, service, '/api/v1/admin/rebuilds?autoSwitch=true');
      } }, t('admin.startRebuild')),
      h('button', { type: 'button', class: 'secondary', onclick: () => showRebuilds(box) }, t('admin.refresh')));
    } catch (e) {
      part.append(errorBox(e));
    }
  }
}

async function act(box, service, path) {
  try {
    await postAction(service, path);
    await showRebuilds(box);
  } catch (e) {
    box.prepend(errorBox(e));
  }
}

// ---- month close ---------------------------------------------------------------------------------------

function lastMonth() {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

function closeForm(box, params) {
  const month = h('input', { id: 'close-month', type: 'month', value: params.get('month') || lastMonth(), required: true });
  const group = h('input', { id: 'close-group', value: params.get('group') || '', size: 16, required: true, placeholder: 'anning' });
  const result = h('div', { id: 'close-result' });
  const form = h('form', { class: 'query', onsubmit: async e => {
    e.preventDefault();
    result.replaceChildren(h('p', { class: 'muted' }, t('common.loading')));
    try {
      const r = await postAction('ranking', `/api/v1/rankings/monthly/${month.value}/close?parentUnitId=${encodeURIComponent(group.value)}`);
      result.replaceChildren(h('p', { class: 'status-line' },
        chip(t('ranking.status.' + r.status), r.status === 'FINAL' ? 'final' : 'provisional', { id: 'close-status' }), ' ',
        t('admin.closed', { month: r.month, group: r.parentUnitId || group.value, version: r.version == null ? '—' : r.version,
          at: when(r.closedAt) }), ' ',
        h('a', { href: `#/ranking?month=${r.month}&parentUnitId=${encodeURIComponent(group.value)}` }, t('nav.ranking'))));
    } catch (e) {
      result.replaceChildren(errorBox(e));
    }
  } }, field(t('common.month'), month), field(t('ranking.reviewGroup'), group),
  h('button', { type: 'submit', id: 'close-month-button' }, t('admin.close')));
  box.append(h('h2', {}, t('admin.closeTitle')), h('p', { class: 'muted' }, t('admin.closeHint')), form, result);
}
