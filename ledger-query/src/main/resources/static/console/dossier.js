// 3. A cadre's dossier: who they are, a timeline of their records with influence periods, the
// eligibility answer with every rule, and every record in the order it was recorded.
import { t, tOr, language } from './i18n.js';
import { h, s, chip, fmt, when } from './dom.js';
import { getJson, mayAskEligibility, mayReadAnyDossier } from './api.js';
import { go } from './app.js';
import { frame, field, show, errorBox, purposeFields, ruleLabel } from './pages.js';
import { correctionActions } from './forms.js';
import { unitLink } from './tables.js';

export async function dossierPage(main, params, who) {
  const own = !mayReadAnyDossier(who);
  // a cadre reads their own dossier; asking for another's is refused by the service, and shown as such
  const cadre = h('input', { id: 'cadre', value: params.get('cadre') || (own ? who.cadre : ''), required: true, size: 12,
    placeholder: 'c-wang' });
  const asks = () => mayAskEligibility(who, cadre.value);
  const purpose = purposeFields(params);
  const highlight = params.get('event');
  const fields = [field(t('common.cadre'), cadre), ...(mayAskEligibility(who, own ? who.cadre : null) || who.roles.includes('reviewer')
    ? purpose.fields : [purpose.fields[2]])];
  const area = frame(main, t('dossier.title'), fields,
    () => go('dossier', { cadre: cadre.value, ...(asks() ? purpose.values() : { asOf: purpose.values().asOf }) }));
  if (!cadre.value) { area.replaceChildren(); return; }
  const id = encodeURIComponent(cadre.value);
  const asOf = purpose.values().asOf;
  await show(area, async () => {
    const [dossier, records] = await Promise.all([
      getJson('query', `/api/v1/cadres/${id}/dossier` + (asOf ? `?asOf=${asOf}` : '')),
      allRecords(id)]);
    let eligibility = null;
    if (asks()) {
      try {
        eligibility = eligibilityView(await getJson('query', `/api/v1/cadres/${id}/eligibility?${purpose.query()}`), who, cadre.value);
      } catch (e) {
        eligibility = errorBox(e);
      }
    }
    const parts = [summary(dossier), timeline(dossier)];
    if (eligibility) parts.push(h('section', { class: 'eligibility', id: 'eligibility' }, h('h2', {}, t('dossier.eligibility')), eligibility));
    parts.push(recordsTable(records, who, cadre.value));
    return parts;
  });
  if (highlight) {
    const row = document.getElementById('ev-' + highlight);
    if (row) { row.classList.add('highlight'); row.scrollIntoView({ block: 'center' }); }
  }
}

async function allRecords(id) {
  const out = [];
  let cursor = '';
  for (let i = 0; i < 50; i++) {
    const page = await getJson('query', `/api/v1/streams/${id}/records?limit=1000${cursor}`);
    out.push(...page.records);
    if (page.next == null) break;
    cursor = '&cursor=' + encodeURIComponent(page.next);
  }
  return out;
}

function summary(d) {
  const tot = d.totals;
  const item = (label, value) => h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, value || '—'));
  return h('section', { class: 'card summary', id: 'dossier-summary' },
    h('h2', {}, d.name + ' ', h('span', { class: 'muted' }, '(' + d.cadreId + ') · ' + t('common.asOf') + ' ' + d.asOf)),
    h('dl', { class: 'facts' },
      item(t('dossier.post'), d.post && [d.post.post + ' (' + d.post.level + ') ', h('span', { class: 'muted' }, t('dossier.since', { date: d.post.since }))]),
      item(t('dossier.rank'), d.rank && [d.rank.rank + ' ', h('span', { class: 'muted' }, t('dossier.since', { date: d.rank.since }))]),
      item(t('dossier.unit'), d.unit && [unitLink(d.unit.unitId, d.unit.unitName), ' ', h('span', { class: 'muted' }, t('dossier.since', { date: d.unit.since }))]),
      item(t('dossier.registered'), d.registeredOn),
      item(t('dossier.workStart'), d.workStartDate),
      item(t('dossier.totals'), t('dossier.totalsLine', { pc: tot.positiveCount, pp: fmt(tot.positivePoints), nc: tot.negativeCount,
        np: fmt(tot.negativePoints), net: fmt(tot.netPoints) }))));
}

function flag(correction) {
  if (!correction) return null;
  return correction.kind === 'TOLERATED' ? 'tolerated' : 'revoked';
}

/** Everything that has a date in the dossier, with an end where it has a period. */
function items(d) {
  const out = [];
  for (const e of d.entries) {
    out.push({ kind: e.polarity === 'POSITIVE' ? 'positive' : 'negative', start: e.effectiveDate, eventId: e.eventId,
      flag: flag(e.correction), label: t('dossier.kind.entry.' + e.polarity) + ' · ' + e.aspect + ' · ' + t('dossier.points', { points: fmt(e.points) }),
      detail: e.summary });
  }
  for (const i of d.interviews) {
    out.push({ kind: 'interview', start: i.effectiveDate, eventId: i.eventId, flag: flag(i.correction),
      label: t('dossier.kind.interview') + ' · ' + tOr('interview.' + i.kind, i.kind), detail: i.interviewer + '：' + i.reason });
  }
  for (const v of d.sanctions) {
    const x = v.sanction;
    const end = v.influenceEndsOn || v.rankPromotionBlockedUntil;
    out.push({ kind: 'sanction', start: x.effectiveDate, end, eventId: x.eventId, flag: flag(x.correction), sanctionKind: x.kind,
      label: t('dossier.kind.sanction') + ' · ' + tOr('sanction.' + x.kind, x.kind),
      detail: [x.decidedBy + '：' + x.reason, v.influenceEndsOn ? t('dossier.influenceEnds', { date: v.influenceEndsOn }) : null,
        v.rankPromotionBlockedUntil && v.rankPromotionBlockedUntil !== v.influenceEndsOn
          ? t('dossier.rankBlocked', { date: v.rankPromotionBlockedUntil }) : null].filter(Boolean).join(' · ') });
  }
  for (const i of d.investigations) {
    out.push({ kind: 'investigation', start: i.openedOn, end: i.closedOn || d.asOf, open: !i.closedOn, eventId: i.eventId,
      flag: flag(i.correction), label: t('dossier.kind.investigation') + (i.closedOn ? '' : ' · ' + t('dossier.open')),
      detail: i.authority + '：' + i.reason + (i.outcome ? ' · ' + i.outcome : '') });
  }
  for (const p of d.postings) {
    out.push({ kind: 'posting', start: p.startDate, end: p.endDate || d.asOf, open: !p.endDate, eventId: p.eventId,
      flag: flag(p.correction), label: t('dossier.kind.posting') + ' · ' + tOr('posting.' + p.kind, p.kind), detail: p.description });
  }
  for (const g of d.grades) {
    out.push({ kind: 'grade', start: g.effectiveDate, eventId: g.eventId, flag: flag(g.correction),
      label: t('dossier.kind.grade') + ' · ' + g.year + ' · ' + tOr('grade.' + g.grade, g.grade) });
  }
  return out.filter(x => x.start).sort((a, b) => a.start.localeCompare(b.start));
}

const day = iso => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));

function timeline(d) {
  const list = items(d);
  const box = h('section', { class: 'timeline-box', id: 'timeline' }, h('h2', {}, t('dossier.timeline')),
    h('p', { class: 'muted small' }, t('dossier.timelineHint')));
  if (!list.length) { box.append(h('p', { class: 'muted' }, t('common.none'))); return box; }
  const dates = list.flatMap(x => [x.start, x.end].filter(Boolean)).concat([d.asOf]);
  let from = Math.min(...dates.map(day));
  let to = Math.max(...dates.map(day));
  const fromYear = new Date(from).getUTCFullYear();
  from = Date.UTC(fromYear, new Date(from).getUTCMonth() < 6 ? 0 : 6, 1);
  const toDate = new Date(to);
  to = Date.UTC(toDate.getUTCFullYear() + (toDate.getUTCMonth() >= 6 ? 1 : 0), toDate.getUTCMonth() >= 6 ? 0 : 6, 1);
  const labelWidth = 330, width = 1000, row = 26, top = 28, right = 40;
  const x = ms => labelWidth + (ms - from) / (to - from) * (width - labelWidth - right);
  const height = top + list.length * row + 8;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'timeline', role: 'img', 'aria-label': t('dossier.timeline') });
  for (let y = fromYear; Date.UTC(y, 0, 1) <= to; y++) {
    for (const m of [0, 6]) {
      const ms = Date.UTC(y, m, 1);
      if (ms < from || ms > to) continue;
      svg.append(s('line', { x1: x(ms), x2: x(ms), y1: top - 6, y2: height, class: m === 0 ? 'tick year' : 'tick' }),
        s('text', { x: x(ms) + 3, y: top - 10, class: 'tick-label' }, m === 0 ? String(y) : y + '-07'));
    }
  }
  const asOfX = x(day(d.asOf));
  svg.append(s('line', { x1: asOfX, x2: asOfX, y1: top - 6, y2: height, class: 'as-of' }));
  list.forEach((it, i) => {
    const y = top + i * row;
    const g = s('g', { class: `item kind-${it.kind}` + (it.flag ? ' flagged' : ''), 'data-kind': it.kind,
      'data-event': it.eventId, 'data-flag': it.flag || '', 'data-sanction': it.sanctionKind || null,
      'data-start': it.start, 'data-end': it.end || null });
    g.append(s('title', {}, [it.label, it.detail, it.start + (it.end ? ' → ' + it.end : ''),
      it.flag ? t('dossier.' + it.flag) : null].filter(Boolean).join('\n')));
    const flagText = it.flag ? ' [' + t('dossier.' + it.flag) + ']' : '';
    g.append(s('text', { x: 4, y: y + 17, class: 'label' }, truncate(it.label, 46 - units(flagText)) + flagText));
    if (it.end) {
      const x1 = x(day(it.start)), x2 = Math.max(x(day(it.end)), x1 + 3);
      const text = it.start + ' → ' + it.end;
      g.append(s('rect', { x: x1, y: y + 5, width: x2 - x1, height: 15, rx: 3, class: 'bar' + (it.open ? ' open' : '') }));
      // the dates after the bar, or inside it where the bar reaches the right edge
      if (x2 + 150 <= width) {
        g.append(s('text', { x: x2 + 4, y: y + 17, class: 'bar-label' }, text));
      } else if (x2 - x1 > 150) {
        g.append(s('text', { x: x2 - 6, y: y + 17, 'text-anchor': 'end', class: 'bar-label inside' }, text));
      } else {
        g.append(s('text', { x: x1 - 4, y: y + 17, 'text-anchor': 'end', class: 'bar-label' }, text));
      }
    } else {
      g.append(s('circle', { cx: x(day(it.start)), cy: y + 12, r: 6, class: 'dot' }));
      g.append(s('text', { x: x(day(it.start)) + 10, y: y + 17, class: 'bar-label' }, it.start));
    }
    svg.append(g);
  });
  box.append(h('div', { class: 'timeline-scroll' }, svg));
  return box;
}

/** Display width in half-width units: a CJK character counts two. */
function units(text) {
  let n = 0;
  for (const ch of text) n += ch.codePointAt(0) > 0x2e80 ? 2 : 1;
  return n;
}

function truncate(text, max) {
  if (units(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (units(out + ch) > max - 1) break;
    out += ch;
  }
  return out + '…';
}

function eventLink(eventId, who, cadreId) {
  const short = eventId.slice(0, 8);
  if (who.roles.includes('auditor')) {
    return h('a', { href: `#/audit?stream=${encodeURIComponent(cadreId)}&event=${eventId}`, class: 'event-link', title: eventId }, short);
  }
  return h('a', { href: '#', class: 'event-link', title: eventId, dataset: { event: eventId }, onclick: e => {
    e.preventDefault();
    document.querySelectorAll('tr.highlight').forEach(r => r.classList.remove('highlight'));
    const row = document.getElementById('ev-' + eventId);
    if (row) { row.classList.add('highlight'); row.scrollIntoView({ block: 'center', behavior: 'smooth' }); }
  } }, short);
}

function eligibilityView(a, who, cadreId) {
  return [
    h('p', { class: 'status-line' },
      a.eligible ? chip(t('eligibility.eligible'), 'pass', { id: 'eligibility-verdict' })
        : chip(t('eligibility.notEligible'), 'fail', { id: 'eligibility-verdict' }),
      ' ' + t('eligibility.purpose.' + a.purpose) + (a.target ? ' · ' + a.target : '') + ' · ' + t('common.asOf') + ' ' + a.asOf
        + ' · ' + t('eligibility.policy', { version: a.policyVersion }),
      !a.eligible && a.earliestClearDate ? h('strong', {}, ' · ' + t('eligibility.earliest', { date: a.earliestClearDate })) : null),
    h('table', { class: 'rules', id: 'rules' },
      h('thead', {}, h('tr', {}, [t('eligibility.rule'), t('eligibility.result'), t('eligibility.reason'), t('eligibility.clears'),
        t('eligibility.events')].map(x => h('th', {}, x)))),
      // the reason is the service's sentence for the outcome's code and parameters, in the language asked for
      h('tbody', {}, a.rules.map(r => h('tr', { dataset: { rule: r.rule, code: r.code, passed: String(r.passed) }, class: r.passed ? 'pass' : 'fail' },
        h('td', {}, ruleLabel(r.rule), h('div', { class: 'muted small rule-code' }, r.rule)),
        h('td', {}, r.passed ? chip(t('eligibility.pass'), 'pass') : chip(t('eligibility.fail'), 'fail')),
        h('td', { class: 'reason', lang: language() === 'en' ? 'en' : 'zh-CN' }, r.reason),
        h('td', {}, r.clearsOn || ''),
        h('td', { class: 'events' }, r.eventIds.map(id => [eventLink(id, who, cadreId), ' '])))))),
  ];
}

function content(r) {
  const d = r.data || {};
  const bits = [d.aspect, d.points != null ? t('dossier.points', { points: fmt(d.points) }) : null, d.summary,
    d.kind ? tOr('sanction.' + d.kind, tOr('interview.' + d.kind, tOr('posting.' + d.kind, d.kind))) : null,
    d.grade ? tOr('grade.' + d.grade, d.grade) : null, d.reason, d.post, d.rank, d.description, d.name];
  return bits.filter(b => b != null && b !== '').join(' · ');
}

function recordsTable(records, who, cadreId) {
  const short = type => type.replace(/^cn\.ledger\./, '').replace(/\.v\d+$/, '');
  return h('section', { class: 'records', id: 'records' }, h('h2', {}, t('dossier.records')),
    h('table', { class: 'records-table' },
      h('thead', {}, h('tr', {}, [t('dossier.seq'), t('dossier.type'), t('dossier.date'), t('dossier.content'),
        t('dossier.corrections'), t('dossier.recordedBy'), t('dossier.recordedAt')].map(x => h('th', {}, x)),
        who.roles.includes('auditor') ? h('th', { class: 'no-print' }, t('dossier.audit')) : null,
        writes(who, cadreId) ? h('th', { class: 'no-print' }, t('dossier.actions')) : null)),
      h('tbody', {}, records.map(r => h('tr', { id: 'ev-' + r.eventId, class: r.corrections.length ? 'corrected' : null },
        h('td', { class: 'num' }, r.sequence),
        h('td', {}, tOr('event.' + short(r.type), short(r.type))),
        h('td', {}, r.effectiveDate || ''),
        h('td', {}, content(r)),
        h('td', {}, r.corrections.map(c => chip(c.kind === 'TOLERATED' ? t('dossier.tolerated') : t('dossier.revoked'),
          c.kind === 'TOLERATED' ? 'tolerated' : 'revoked', { title: (c.reason || '') + ' ' + (c.effectiveDate || '') }))),
        h('td', {}, r.recordedBy),
        h('td', { class: 'small' }, when(r.recordedAt)),
        who.roles.includes('auditor') ? h('td', { class: 'no-print' },
          h('a', { href: `#/audit?stream=${encodeURIComponent(cadreId)}&event=${r.eventId}` }, t('dossier.audit'))) : null,
        writes(who, cadreId) ? correctionActions(r, records, who, cadreId) || h('td', { class: 'no-print' }) : null)))));
}

/** Recorders and discipline officers correct records; a cadre files appeals against their own. */
const writes = (who, cadreId) => who.roles.includes('recorder') || who.roles.includes('discipline-officer')
  || (who.cadre != null && who.cadre === cadreId);
