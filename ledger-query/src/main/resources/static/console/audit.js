// 5. A stream's history from ledger-command, and its verification against a signed checkpoint,
// computed here in the browser (see verify.js).
import { t } from './i18n.js';
import { h, chip, when } from './dom.js';
import { getJson } from './api.js';
import { go } from './app.js';
import { frame, field, show } from './pages.js';
import { checkCheckpoint, checkNote, checkEvent, checkCosignatures } from './verify.js';

const PIN_KEY = 'ledger.console.trustedKey';

export async function auditPage(main, params) {
  const stream = h('input', { id: 'stream', value: params.get('stream') || '', required: true, size: 16, placeholder: 'c-wang' });
  const area = frame(main, t('audit.title'), [field(t('audit.stream'), stream)], () => go('audit', { stream: stream.value }));
  if (!stream.value) { area.replaceChildren(h('p', { class: 'muted' }, t('audit.hint'))); return; }
  const id = encodeURIComponent(stream.value);
  const highlight = params.get('event');
  let events = [];
  await show(area, async () => {
    events = await allEvents(id);
    const pinned = h('input', { id: 'trusted-key', size: 60, value: localStorage.getItem(PIN_KEY) || '', placeholder: 'MCowBQYDK2VwAyEA…' });
    const result = h('div', { id: 'verify-result', class: 'verify-result', 'aria-live': 'polite' });
    const button = h('button', { type: 'button', id: 'verify', onclick: async () => {
      button.disabled = true;
      localStorage.setItem(PIN_KEY, pinned.value.trim());
      try { await verify(id, events, result, pinned.value); } finally { button.disabled = false; }
    } }, t('audit.verify'));
    return [
      h('section', { class: 'card verify no-print' }, h('p', { class: 'small' }, t('audit.hint')),
        h('div', { class: 'verify-row' }, button, field(t('audit.pinnedKey'), pinned))),
      result,
      h('table', { class: 'audit', id: 'audit-events' },
        h('thead', {}, h('tr', {}, [t('audit.seq'), t('audit.leaf'), t('audit.type'), t('audit.effective'), t('audit.recordedAt'),
          t('audit.recordedBy'), t('audit.payload'), t('audit.check')].map(x => h('th', {}, x)))),
        h('tbody', {}, events.map(e => h('tr', { id: 'ev-' + e.eventId, dataset: { event: e.eventId, sequence: e.sequence },
          class: e.eventId === highlight ? 'highlight' : null },
          h('td', { class: 'num' }, e.sequence), h('td', { class: 'num' }, e.leafIndex == null ? '—' : e.leafIndex),
          h('td', {}, e.type, h('div', { class: 'muted small mono' }, e.eventId)),
          h('td', {}, e.effectiveDate || ''), h('td', { class: 'small' }, when(e.recordedAt)), h('td', {}, e.recordedBy || ''),
          h('td', {}, h('details', {}, h('summary', {}, t('common.details')),
            h('pre', { class: 'mono small' }, JSON.stringify(e.payload, null, 2)),
            h('div', { class: 'muted small' }, 'correlationId ' + (e.correlationId || '')))),
          h('td', { class: 'check' }, ''))))),
    ];
  });
  if (highlight) {
    const row = document.getElementById('ev-' + highlight);
    if (row) row.scrollIntoView({ block: 'center' });
  }
}

async function allEvents(id) {
  const out = [];
  let cursor = '';
  for (let i = 0; i < 100; i++) {
    const page = await getJson('command', `/api/v1/audit/streams/${id}/events?limit=1000${cursor}`);
    out.push(...page.events);
    if (page.next == null) break;
    cursor = '&cursor=' + encodeURIComponent(page.next);
  }
  return out;
}

async function verify(id, events, result, pinnedKey) {
  result.className = 'verify-result';
  result.replaceChildren(h('p', { class: 'muted' }, t('audit.verifying')));
  if (!window.crypto || !crypto.subtle) {
    result.replaceChildren(h('p', { class: 'error' }, t('audit.noWebCrypto')));
    return;
  }
  try {
    const cp = await getJson('command', '/api/v1/audit/checkpoint');
    const signed = await checkCheckpoint(cp, pinnedKey);
    const noted = await checkNote(cp);
    const cosigned = await checkCosignatures(cp);
    const stored = await getJson('command', `/api/v1/audit/streams/${id}/export?treeSize=${cp.treeSize}`);
    const byId = new Map(stored.events.map(e => [e.eventId, e]));
    let ok = 0, failed = 0;
    for (const e of events) {
      const cell = document.querySelector(`#ev-${CSS.escape(e.eventId)} td.check`);
      let proof = null;
      if (e.leafIndex != null && e.leafIndex < cp.treeSize) {
        proof = await getJson('command', `/api/v1/audit/proofs/inclusion?eventId=${encodeURIComponent(e.eventId)}&treeSize=${cp.treeSize}`);
      }
      const verdict = await checkEvent(e, byId.get(e.eventId), proof, cp);
      if (verdict.status === 'OK') ok++;
      if (verdict.status === 'FAIL') failed++;
      cell.replaceChildren(verdict.status === 'OK' ? chip(t('audit.ok'), 'pass', { class: 'verdict', dataset: { status: 'OK' } })
        : verdict.status === 'FAIL' ? chip(t('audit.fail'), 'fail', { class: 'verdict', dataset: { status: 'FAIL' } })
          : chip(t('audit.pending'), 'pending', { class: 'verdict', dataset: { status: 'PENDING' } }),
        ...verdict.reasons.map(r => h('div', { class: 'small error-text' }, t(r))));
    }
    const signatureLine = signed.unsupported ? t('audit.signature.unsupported')
      : signed.signature ? t('audit.signature.ok') : t('audit.signature.bad');
    const good = failed === 0 && ok > 0 && signed.problems.length === 0 && noted.problems.length === 0
      && cosigned.every(c => c.ok || c.unsupported);
    const status = good && signed.ok ? 'OK' : good && signed.unsupported ? 'WARN' : 'FAIL';
    result.className = 'verify-result result-' + status.toLowerCase();
    result.dataset.status = status;
    result.replaceChildren(
      h('p', { class: 'verdict-line', id: 'verify-verdict' }, status === 'OK' ? t('audit.result.ok', { count: ok, size: cp.treeSize })
        : status === 'WARN' ? t('audit.result.warn') : t('audit.result.fail', { count: failed })),
      h('p', { class: 'small mono' }, t('audit.checkpoint', { size: cp.treeSize, root: cp.rootHash, at: when(cp.issuedAt), key: cp.keyId })),
      h('p', { class: 'small' }, signatureLine, ...signed.problems.filter(p => p !== 'audit.signature.bad').map(p => ' · ' + t(p))),
      h('p', { class: 'small', id: 'verify-note' }, noted.ok ? t('audit.note.ok', { origin: noted.origin })
        : noted.unsupported ? t('audit.signature.unsupported') : noted.problems.map(p => t(p)).join(' · ')),
      h('p', { class: 'small', id: 'verify-witnesses' }, cosigned.length === 0 ? t('audit.witness.none')
        : cosigned.map(c => t(c.ok ? 'audit.witness.ok' : c.unsupported ? 'audit.witness.unsupported' : 'audit.witness.bad',
          { name: c.name, at: c.at ? when(c.at) : '?' })).join(' · ')));
  } catch (e) {
    result.className = 'verify-result result-fail';
    result.dataset.status = 'ERROR';
    result.replaceChildren(h('p', { class: 'error' }, e.message || String(e)));
  }
}
