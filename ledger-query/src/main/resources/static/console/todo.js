// The start page's to-do list: what waits for the caller's roles, from the service that owns each kind.
import { t } from './i18n.js';
import { h, chip, when } from './dom.js';
import { getJson } from './api.js';
import { todoServices } from './roles.js';
import { cadreLink, unitLink } from './tables.js';
import './browse-i18n.js';

const PAGE = 50;

/** The to-do section for the caller, or null when their roles have none. */
export async function todoSection(who) {
  const services = todoServices(who);
  if (!services.length) return null;
  const box = h('section', { class: 'card todo', id: 'todo' }, h('h2', {}, t('todo.title')));
  const list = h('div', { class: 'todo-lists' }, h('p', { class: 'muted' }, t('common.loading')));
  box.append(list);
  const parts = await Promise.all(services.map(service => todoPart(service)));
  list.replaceChildren(...parts);
  return box;
}

async function todoPart(service, cursor = null) {
  const section = h('div', { class: 'todo-part', dataset: { service } });
  try {
    const answer = await getJson(service, '/api/v1/todo?limit=' + PAGE + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    section.append(h('h3', {}, t('todo.from.' + service), ' ', h('span', { class: 'muted small' },
      t('todo.count', { total: answer.total, asOf: answer.asOf }))));
    if (!answer.items.length) {
      section.append(h('p', { class: 'muted todo-empty' }, t('todo.empty')));
      return section;
    }
    section.append(h('ul', { class: 'todo-items' }, answer.items.map(item)));
    if (answer.next) {
      const more = h('button', { type: 'button', class: 'secondary todo-more', onclick: async () => {
        more.replaceWith(await todoPart(service, answer.next));
      } }, t('todo.more'));
      section.append(more);
    }
  } catch (e) {
    section.append(h('p', { class: 'error' }, e.message || String(e)));
  }
  return section;
}

function item(x) {
  const mark = x.overdue ? chip(t('todo.overdue'), 'fail', { class: 'todo-overdue' }) : chip(t('todo.due'), 'provisional');
  const days = x.days > 0 ? t('todo.daysAgo', { days: x.days }) : x.days < 0 ? t('todo.daysLeft', { days: -x.days }) : t('todo.today');
  const attrs = { class: 'todo-item kind-' + x.kind, dataset: { kind: x.kind, record: x.recordId || '', stream: x.streamId || '' } };
  switch (x.kind) {
    case 'APPEAL_DECISION':
      return h('li', attrs, mark, ' ', t('todo.appeal', { due: x.date }), ' · ', cadreLink(x.cadreId, x.cadreName), ' · ',
        unitLink(x.unitId, x.unitName), ' · ', h('span', { class: 'muted' }, days + (x.reason ? ' · ' + x.reason : '')));
    case 'INVESTIGATION_OPEN':
      return h('li', attrs, chip(t('todo.longOpen'), 'fail'), ' ', t('todo.investigation', { opened: x.date, days: x.days }),
        ' · ', cadreLink(x.cadreId, x.cadreName), ' · ', unitLink(x.unitId, x.unitName),
        x.reason ? h('span', { class: 'muted' }, ' · ' + x.reason) : null);
    case 'ASSIGNMENT':
      return h('li', attrs, x.overdue ? chip(t('todo.open'), 'fail', { class: 'todo-overdue' }) : mark, ' ',
        t('todo.assignment', { due: x.date }), ' · ', unitLink(x.unitId, x.unitName), ' · ',
        h('span', { class: 'title' }, x.title || ''), ' ', h('span', { class: 'muted' }, days));
    case 'MONTH_CLOSE':
      return h('li', attrs, x.overdue ? chip(t('todo.pastClose'), 'fail') : chip(t('todo.waiting'), 'provisional'), ' ',
        t('todo.month', { month: x.month, units: x.count, closesAt: when(x.closesAt) }), ' · ', unitLink(x.unitId, x.unitName), ' ',
        h('a', { href: '#/admin?month=' + x.month + '&group=' + encodeURIComponent(x.unitId), class: 'todo-close' }, t('todo.toClose')));
    case 'PARKED_RECORDS':
      return h('li', attrs, chip(t('todo.parked'), 'fail'), ' ', t('todo.parkedLine', { stream: x.streamId, count: x.count, since: x.date }),
        x.cadreId ? [' · ', cadreLink(x.cadreId, x.cadreName)] : null, ' ',
        h('a', { href: '#/admin', class: 'todo-admin' }, t('todo.toAdmin')),
        h('div', { class: 'muted small reason' }, x.reason || ''));
    default:
      return h('li', attrs, x.kind);
  }
}
