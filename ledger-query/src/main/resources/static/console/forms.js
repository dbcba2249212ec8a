// Recording: the forms of the roles that write (recorder, discipline officer, assessor) and the corrections
// made from a record on the dossier. Each form checks what the API checks, as hints only — the API is the
// judge, and its problem+json is shown field by field. A fill is sent with one Idempotency-Key: sending the
// same content again (a double click, a retry) records once.
import { t, tOr } from './i18n.js';
import { h, fmt, when } from './dom.js';
import { getJson, postJson } from './api.js';
import { go } from './app.js';
import { cadrePicker, unitPicker, forget } from './directory.js';
import './forms-texts.js';

const ID = /^[A-Za-z0-9._-]{1,64}$/;
const YEAR = '(19\\d{2}|2[01]\\d{2}|2200)';
const QUARTER = new RegExp('^' + YEAR + '-Q[1-4]$');
const MONTH = new RegExp('^' + YEAR + '-(0[1-9]|1[0-2])$');
// the aspects ledger-command is configured with by default (ledger.aspects); the API says when one is not
const ASPECTS = ['经济运行', '项目双进', '平安建设', '基层党建', '优化营商环境', '黄河流域生态保护', '民生保障', '城市管理', '作风建设'];
const SANCTIONS = ['PARTY_WARNING', 'PARTY_SERIOUS_WARNING', 'PARTY_REMOVAL_FROM_POST', 'PARTY_PROBATION', 'PARTY_EXPULSION',
  'GOVERNMENT_WARNING', 'GOVERNMENT_DEMERIT', 'GOVERNMENT_MAJOR_DEMERIT', 'GOVERNMENT_DEMOTION', 'GOVERNMENT_REMOVAL',
  'ORGANISATIONAL_ADMONISHMENT', 'ORGANISATIONAL_REASSIGNMENT', 'ORGANISATIONAL_ORDERED_TO_RESIGN', 'ORGANISATIONAL_REMOVAL',
  'ORGANISATIONAL_DEMOTION'];

// ---- fields -------------------------------------------------------------------------------------

const text = (name, max, more = {}) => ({ name, kind: 'text', max, required: true, ...more });
const area = (name, max, more = {}) => ({ name, kind: 'textarea', max, required: true, ...more });
const date = (name, more = {}) => ({ name, kind: 'date', required: true, ...more });
const effective = () => date('effectiveDate', { notFuture: true });
const choice = (name, options, prefix, more = {}) => ({ name, kind: 'select', options, prefix, required: true, ...more });
const id = (name, more = {}) => ({ name, kind: 'id', required: false, ...more });
const unit = (name, more = {}) => ({ name, kind: 'unit', required: true, ...more });
const decimal = (name, digits, min, max) => ({ name, kind: 'decimal', digits, min, max, required: true });
const integer = (name, min, max, more = {}) => ({ name, kind: 'integer', min, max, required: true, ...more });
const lines = (name, maxItems, itemMax) => ({ name, kind: 'lines', maxItems, itemMax, required: false });

const entryFields = () => [text('aspect', 100, { list: ASPECTS }), decimal('points', 10, 0, 100), area('summary', 2000),
  lines('evidence', 50, 500)];

/** Every form: who may use it, what it is about (a cadre, a unit, nothing), where it goes, its fields. */
export const FORMS = {
  entry: { role: 'recorder', target: 'cadre', path: c => `/api/v1/cadres/${c}/entries`, fields: [
    choice('polarity', ['POSITIVE', 'NEGATIVE'], 'forms.polarity.'),
    choice('finding', ['PROBLEM_FOUND', 'MISSED_DEADLINE', 'COMPLAINT_UPHELD', 'OTHER'], 'forms.finding.',
      { required: false, when: v => v.polarity === 'NEGATIVE' }),
    ...entryFields(), effective()] },
  interview: { role: 'recorder', target: 'cadre', path: c => `/api/v1/cadres/${c}/interviews`, fields: [
    choice('kind', ['REMINDER', 'FORMAL_TALK', 'ADMONISHMENT'], 'interview.'), text('interviewer', 100), area('reason', 2000),
    effective(), id('sameMeasureAs')] },
  grade: { role: 'recorder', target: 'cadre', path: c => `/api/v1/cadres/${c}/annual-grades`, fields: [
    integer('year', 1950, 2100), choice('grade', ['EXCELLENT', 'COMPETENT', 'BASICALLY_COMPETENT', 'INCOMPETENT'], 'grade.'),
    effective()] },
  posting: { role: 'recorder', target: 'cadre', path: c => `/api/v1/cadres/${c}/postings`, fields: [
    choice('kind', ['SUPERVISION', 'STABILITY', 'PETITIONS', 'POVERTY_ALLEVIATION', 'INVESTMENT_PROMOTION', 'MAJOR_PROJECTS'], 'posting.'),
    area('description', 500), date('startDate', { notFuture: true }), date('endDate', { required: false, after: 'startDate' })] },
  registerCadre: { role: 'recorder', target: null, path: () => '/api/v1/cadres', fields: [
    id('cadreId'), text('name', 100), unit('unitId'), text('post', 100), text('postLevel', 50, { list: ['乡科副', '乡科正', '县处副', '县处正'] }),
    date('postSince'), text('rank', 50), date('rankSince'), date('workStartDate'), integer('grassrootsYears', 0, 60),
    text('education', 50, { required: false }), effective()] },
  registerUnit: { role: 'recorder', target: null, path: () => '/api/v1/units', after: forget, fields: [
    id('unitId'), text('name', 200), choice('category', ['CITY', 'DISTRICT', 'STREET_OFFICE', 'DISTRICT_DEPARTMENT', 'TOWNSHIP'], 'category.'),
    unit('parentUnitId', { required: false }), effective()] },
  appoint: { role: 'recorder', target: 'cadre', path: c => `/api/v1/cadres/${c}/appointments`, fields: [
    text('post', 100), text('postLevel', 50, { list: ['乡科副', '乡科正', '县处副', '县处正'] }), effective()] },
  rankChange: { role: 'recorder', target: 'cadre', path: c => `/api/v1/cadres/${c}/rank-changes`, fields: [
    text('rank', 50), effective()] },
  transfer: { role: 'recorder', target: 'cadre', path: c => `/api/v1/cadres/${c}/transfers`, fields: [
    unit('toUnitId'), effective()] },
  sanction: { role: 'discipline-officer', target: 'cadre', path: c => `/api/v1/cadres/${c}/sanctions`, fields: [
    choice('kind', SANCTIONS, 'sanction.'),
    integer('probationMonths', 12, 24, { when: v => v.kind === 'PARTY_PROBATION' }),
    text('decidedBy', 100), area('reason', 2000), effective(), id('sameMeasureAs')] },
  investigation: { role: 'discipline-officer', target: 'cadre', path: c => `/api/v1/cadres/${c}/investigations`, fields: [
    text('authority', 100), area('reason', 2000), effective()] },
  card: { role: 'assessor', target: 'unit', path: u => `/api/v1/units/${u}/cards`, fields: [
    text('aspect', 100, { list: ASPECTS }), { name: 'quarter', kind: 'quarter', required: true },
    choice('colour', ['BLUE', 'YELLOW', 'RED'], 'cards.colour.'), unit('issuedByUnitId', { required: false }), effective()] },
  assignment: { role: 'assessor', target: 'unit', path: u => `/api/v1/units/${u}/assignments`, fields: [
    choice('kind', ['WEEKLY', 'RESPONSIBILITY_LIST'], 'forms.assignmentKind.'), area('title', 500), date('dueDate'),
    unit('issuedByUnitId', { required: false }), effective()] },
  completion: { role: 'assessor', target: 'unit', path: (u, v) => `/api/v1/units/${u}/assignments/${v.assignmentId}/completion`,
    fields: [{ name: 'assignmentId', kind: 'assignment', required: true, path: true }, area('note', 2000, { required: false }), effective()] },
  evaluation: { role: 'assessor', target: 'unit', path: u => `/api/v1/units/${u}/evaluations`, fields: [
    { name: 'month', kind: 'month', required: true }, decimal('score', 4, 0, 1000), text('assessor', 100), effective()] },
  revokeUnitRecord: { role: 'assessor', target: 'unit', path: (u, v) => `/api/v1/units/${u}/records/${encodeURIComponent(v.recordId)}/revocation`,
    fields: [{ name: 'recordId', kind: 'unitRecord', required: true, path: true }, area('reason', 2000), effective()] },
  renameUnit: { role: 'recorder', target: 'unit', path: u => `/api/v1/units/${u}/renaming`, after: forget, fields: [
    text('name', 200), effective()] },
  closeUnit: { role: 'recorder', target: 'unit', path: u => `/api/v1/units/${u}/closure`, after: forget, fields: [
    area('reason', 2000), effective()] },
};

/** Corrections and follow-ups, made from a record on the dossier: path from the cadre and the record's id. */
const FOLLOW_UPS = {
  revokeEntry: { path: (c, r) => `/api/v1/cadres/${c}/entries/${r}/revocation`, fields: () => [area('reason', 2000), effective()] },
  amendEntry: { path: (c, r) => `/api/v1/cadres/${c}/entries/${r}/amendment`,
    fields: () => [...entryFields(), area('reason', 2000), effective()] },
  tolerate: { path: (c, r) => `/api/v1/cadres/${c}/entries/${r}/toleration`, fields: () => [area('reason', 2000), effective()] },
  revokeRecord: { path: (c, r) => `/api/v1/cadres/${c}/records/${r}/revocation`, fields: () => [area('reason', 2000), effective()] },
  closeInvestigation: { path: (c, r) => `/api/v1/cadres/${c}/investigations/${r}/closure`,
    fields: () => [area('outcome', 2000), effective()] },
  endPosting: { path: (c, r) => `/api/v1/cadres/${c}/postings/${r}/end`, fields: () => [effective()] },
  decideAppeal: { path: (c, r) => `/api/v1/cadres/${c}/appeals/${r}/decision`, fields: () => [
    choice('outcome', ['UPHELD', 'AMENDED', 'REVOKED'], 'forms.appealOutcome.'), area('reason', 2000), effective()] },
  fileAppeal: { path: c => `/api/v1/cadres/${c}/appeals`, fields: r => [
    { name: 'contestedRecordId', kind: 'fixed', value: r, required: true },
    choice('stage', ['REVIEW', 'COMPLAINT'], 'forms.appealStage.'), area('reason', 2000), effective()] },
};

export function formsFor(who) {
  return Object.keys(FORMS).filter(name => who.roles.includes(FORMS[name].role));
}

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function label(name) {
  return t('forms.f.' + name);
}

function input(spec, formId) {
  const attrs = { id: formId + '-' + spec.name, name: spec.name, 'aria-describedby': formId + '-' + spec.name + '-error' };
  switch (spec.kind) {
    case 'textarea': return h('textarea', { ...attrs, rows: 3, maxlength: spec.max });
    case 'lines': return h('textarea', { ...attrs, rows: 2, placeholder: t('forms.oneLineEach') });
    case 'date': return h('input', { ...attrs, type: 'date', value: spec.name === 'effectiveDate' ? today() : null });
    case 'month': return h('input', { ...attrs, type: 'month' });
    case 'quarter': return h('input', { ...attrs, size: 9, placeholder: '2023-Q3' });
    case 'integer': return h('input', { ...attrs, type: 'number', step: 1, min: spec.min, max: spec.max });
    case 'decimal': return h('input', { ...attrs, inputmode: 'decimal', size: 10 });
    case 'id': return h('input', { ...attrs, size: 16, maxlength: 64, placeholder: t('forms.optionalId') });
    case 'unit': {
      const select = unitPicker(attrs.id, { optional: !spec.required });
      select.setAttribute('name', spec.name);
      return select;
    }
    case 'select': return h('select', attrs, h('option', { value: '' }, spec.required ? t('forms.choose') : t('forms.none')),
      spec.options.map(o => h('option', { value: o }, tOr(spec.prefix + o, o))));
    case 'assignment': case 'unitRecord': return h('select', attrs, h('option', { value: '' }, t('forms.chooseUnitFirst')));
    case 'fixed': return h('input', { ...attrs, value: spec.value, readonly: true, size: 24 });
    default: {
      const el = h('input', { ...attrs, maxlength: spec.max, size: 24 });
      if (spec.list) {
        el.setAttribute('list', attrs.id + '-list');
        return [el, h('datalist', { id: attrs.id + '-list' }, spec.list.map(o => h('option', { value: o })))];
      }
      return el;
    }
  }
}

/** What the form holds: each shown field's value as the API takes it (empty optional fields left out). */
function valuesOf(form, specs) {
  const raw = {};
  for (const spec of specs) {
    const el = form.querySelector(`[name="${spec.name}"]`);
    raw[spec.name] = el ? el.value.trim() : '';
  }
  const body = {};
  for (const spec of specs) {
    if (spec.when && !spec.when(raw)) continue;
    const v = raw[spec.name];
    if (spec.kind === 'lines') {
      body[spec.name] = v.split('\n').map(x => x.trim()).filter(Boolean);
      continue;
    }
    if (v === '') continue;
    if (spec.kind === 'integer') body[spec.name] = /^-?\d+$/.test(v) ? Number(v) : v;
    else if (spec.kind === 'decimal') body[spec.name] = /^\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    else body[spec.name] = v;
  }
  return { raw, body };
}

/** The API's rules for one field, as hints: null when it looks right. */
export function check(spec, value, raw) {
  if (spec.when && !spec.when(raw)) return null;
  if (value === '' || value == null) return spec.required ? t('forms.v.required') : null;
  switch (spec.kind) {
    case 'text': case 'textarea':
      return value.length > spec.max ? t('forms.v.tooLong', { max: spec.max }) : null;
    case 'lines': {
      const items = value.split('\n').map(x => x.trim()).filter(Boolean);
      if (items.length > spec.maxItems) return t('forms.v.tooMany', { max: spec.maxItems });
      return items.some(x => x.length > spec.itemMax) ? t('forms.v.tooLong', { max: spec.itemMax }) : null;
    }
    case 'id': return ID.test(value) ? null : t('forms.v.id');
    case 'quarter': return QUARTER.test(value) ? null : t('forms.v.quarter');
    case 'month': return MONTH.test(value) ? null : t('forms.v.month');
    case 'integer': {
      if (!/^-?\d+$/.test(value)) return t('forms.v.integer');
      const n = Number(value);
      return n < spec.min || n > spec.max ? t('forms.v.range', { min: spec.min, max: spec.max }) : null;
    }
    case 'decimal': {
      const pattern = new RegExp('^\\d{1,' + spec.digits + '}(\\.\\d{1,2})?$');
      if (!pattern.test(value)) return t('forms.v.decimal', { digits: spec.digits });
      const n = Number(value);
      return n < spec.min || n > spec.max ? t('forms.v.range', { min: spec.min, max: spec.max }) : null;
    }
    case 'date': {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || +value.slice(0, 4) < 1900 || +value.slice(0, 4) > 2200) return t('forms.v.date');
      if (spec.notFuture && value > today()) return t('forms.v.future');
      if (spec.after && raw[spec.after] && value < raw[spec.after]) return t('forms.v.after', { field: label(spec.after) });
      return null;
    }
    default: return null;
  }
}

function fieldRow(spec, formId) {
  const error = h('span', { class: 'field-error', id: formId + '-' + spec.name + '-error', role: 'alert', hidden: true });
  return h('label', { class: 'form-field' + (spec.required ? ' required' : ''), dataset: { field: spec.name } },
    h('span', { class: 'form-label' }, label(spec.name) + (spec.required ? '' : ' ' + t('forms.optional'))),
    input(spec, formId), error);
}

function showError(form, name, message) {
  const box = form.querySelector(`[data-field="${name}"] .field-error`);
  if (!box) return false;
  box.textContent = message;
  box.hidden = false;
  box.closest('.form-field').classList.add('invalid');
  return true;
}

function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach(e => { e.hidden = true; e.textContent = ''; });
  form.querySelectorAll('.invalid').forEach(e => e.classList.remove('invalid'));
  const problem = form.querySelector('.form-problem');
  problem.hidden = true;
  problem.replaceChildren();
}

/** The API's problem: each named field's reason next to the field, the rest (and the detail) above the button. */
function showProblem(form, status, problem) {
  const unplaced = [];
  for (const e of problem.errors || []) {
    const name = String(e.field || '').replace(/[[.].*$/, '');
    if (!showError(form, name, e.reason)) unplaced.push((e.field ? e.field + ': ' : '') + e.reason);
  }
  const box = form.querySelector('.form-problem');
  box.hidden = false;
  // (the DOM's replaceChildren writes a null as the text "null": leave them out)
  box.replaceChildren(...[h('strong', {}, t('forms.refused', { status })), ' ', problem.detail || problem.title || '',
    unplaced.length ? h('ul', {}, unplaced.map(u => h('li', {}, u))) : null,
    problem.type ? h('div', { class: 'muted small problem-type' }, problem.type) : null].filter(x => x != null));
}

/**
 * A form: its fields, the hints, and the submission with one Idempotency-Key per fill (a new key only when
 * what is sent changes). `target()` gives the cadre or unit id (or null); `done(result, body)` shows the answer.
 */
function recordingForm(formId, title, specs, pathOf, target, done) {
  const problem = h('div', { class: 'form-problem error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', id: formId + '-submit' }, t('forms.submit'));
  const form = h('form', { class: 'recording-form card', id: formId, novalidate: true },
    title ? h('h2', {}, title) : null, h('div', { class: 'form-grid' }, specs.map(s => fieldRow(s, formId))), problem, submit);
  const refresh = () => {
    const { raw } = valuesOf(form, specs);
    for (const s of specs) {
      const row = form.querySelector(`[data-field="${s.name}"]`);
      if (s.when) row.hidden = !s.when(raw);
    }
  };
  form.addEventListener('change', refresh);
  refresh();
  let key = null;
  let sentBody = null;
  let inFlight = false;
  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (inFlight) return; // a second click while the first is on its way sends nothing
    clearErrors(form);
    const { raw, body } = valuesOf(form, specs);
    let hints = 0;
    const targetId = target ? target() : null;
    if (target && !targetId) {
      problem.hidden = false;
      problem.textContent = t('forms.v.target');
      hints++;
    }
    for (const s of specs) {
      const message = check(s, raw[s.name], raw);
      if (message && showError(form, s.name, message)) hints++;
    }
    if (hints) return;
    const pathFields = specs.filter(s => s.path).map(s => s.name);
    const sent = Object.fromEntries(Object.entries(body).filter(([k]) => !pathFields.includes(k)));
    const signature = JSON.stringify([targetId, body]);
    if (signature !== sentBody) { key = crypto.randomUUID(); sentBody = signature; }
    inFlight = true;
    submit.disabled = true;
    form.dataset.state = 'sending';
    try {
      const answer = await postJson('command', pathOf(targetId ? encodeURIComponent(targetId) : null, body), sent, key);
      if (answer.ok) {
        form.dataset.state = 'recorded';
        await done(answer.body, body, targetId);
      } else {
        form.dataset.state = 'refused';
        showProblem(form, answer.status, answer.body);
      }
    } catch (err) {
      form.dataset.state = 'failed';
      problem.hidden = false;
      problem.textContent = err.message;
    } finally {
      inFlight = false;
      submit.disabled = false;
    }
  });
  return form;
}

// ---- what was recorded ----------------------------------------------------------------------------

/** The record as the ledger now holds it: read back from the stream's timeline once it is applied. */
async function recordedView(result, body, cadreId, formName) {
  const box = h('section', { class: 'card recorded', id: 'form-result', role: 'status', dataset: { record: result.id } },
    h('h2', {}, t('forms.recorded')),
    h('p', {}, t('forms.recordId'), ' ', h('code', { id: 'form-result-id' }, result.id), ' · ', t('forms.stream'), ' ',
      h('code', {}, result.streamId), ' · ', t('forms.sequence', { n: result.sequenceNumber })));
  const facts = h('dl', { class: 'facts' }, Object.entries(body).filter(([, v]) => v !== '' && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => h('div', { class: 'fact' }, h('dt', {}, label(k)), h('dd', {}, Array.isArray(v) ? v.join('；') : display(k, v)))));
  box.append(facts);
  const dossierOf = cadreId || (formName === 'registerCadre' ? result.id : null);
  if (dossierOf) {
    box.append(h('p', {}, h('a', { id: 'form-result-dossier', href: `#/dossier?cadre=${encodeURIComponent(dossierOf)}` },
      t('forms.toDossier'))));
  }
  const applied = h('p', { class: 'muted small', id: 'form-result-applied' }, t('forms.waiting'));
  box.append(applied);
  readBack(result).then(record => {
    applied.textContent = record
      ? t('forms.applied', { by: record.recordedBy || '', at: when(record.recordedAt) })
      : t('forms.notYetApplied');
    if (record) box.dataset.applied = 'true';
  }).catch(() => { applied.textContent = t('forms.notYetApplied'); });
  return box;
}

function display(name, value) {
  const prefixes = { polarity: 'forms.polarity.', finding: 'forms.finding.', grade: 'grade.', colour: 'cards.colour.',
    category: 'category.', outcome: 'forms.appealOutcome.', stage: 'forms.appealStage.' };
  if (prefixes[name]) return tOr(prefixes[name] + value, value);
  if (name === 'kind') return tOr('sanction.' + value, tOr('interview.' + value, tOr('posting.' + value, tOr('forms.assignmentKind.' + value, value))));
  return typeof value === 'number' ? fmt(value) : String(value);
}

async function readBack(result) {
  const stream = encodeURIComponent(result.streamId);
  const consistency = result.consistencyToken ? '&consistency=' + encodeURIComponent(result.consistencyToken) : '';
  let cursor = '';
  for (let i = 0; i < 20; i++) {
    const page = await getJson('query', `/api/v1/streams/${stream}/records?limit=1000${cursor}${i === 0 ? consistency : ''}`);
    const found = page.records.find(r => r.sequence === result.sequenceNumber);
    if (found) return found;
    if (page.next == null) return null;
    cursor = '&cursor=' + encodeURIComponent(page.next);
  }
  return null;
}

// ---- the recording page ---------------------------------------------------------------------------

export async function recordPage(main, params, who) {
  const names = formsFor(who);
  const chosen = names.includes(params.get('form')) ? params.get('form') : names[0];
  main.append(h('h1', {}, t('forms.title')),
    h('p', { class: 'muted', id: 'record-intro' }, t('forms.intro', { roles: who.roles.map(r => t('role.' + r)).join('、') })));
  const groups = {};
  for (const name of names) (groups[FORMS[name].role] ||= []).push(name);
  main.append(h('nav', { class: 'form-menu', 'aria-label': t('forms.title') }, Object.entries(groups).map(([role, list]) =>
    h('div', { class: 'form-group' }, h('span', { class: 'muted' }, t('role.' + role) + '：'),
      list.map(name => h('a', { id: 'form-link-' + name, href: `#/record?form=${name}`,
        class: name === chosen ? 'active' : null }, t('forms.name.' + name)))))));
  if (!chosen) return;
  const spec = FORMS[chosen];
  const result = h('div', { id: 'form-answer' });
  let targetInput = null;
  let targetRow = null;
  const specs = spec.fields;
  if (spec.target === 'cadre') {
    const picker = cadrePicker('target-cadre', { value: params.get('cadre') || '' });
    targetInput = picker.select;
    targetRow = h('div', { class: 'form-target' }, h('span', { class: 'form-label' }, t('forms.f.cadre')), picker.element);
  } else if (spec.target === 'unit') {
    targetInput = unitPicker('target-unit', { value: params.get('unit') || '' });
    targetRow = h('div', { class: 'form-target' }, h('span', { class: 'form-label' }, t('forms.f.unit')), targetInput);
  }
  const form = recordingForm('form-' + chosen, t('forms.name.' + chosen), specs, spec.path,
    targetInput ? () => targetInput.value : null,
    async (answer, body, targetId) => {
      if (spec.after) spec.after();
      result.replaceChildren(await recordedView(answer, body, spec.target === 'cadre' ? targetId : null, chosen));
      result.scrollIntoView({ block: 'nearest' });
    });
  if (targetRow) form.insertBefore(targetRow, form.querySelector('.form-grid'));
  if (spec.target === 'unit' && specs.some(s => s.kind === 'assignment')) {
    const select = form.querySelector('[name="assignmentId"]');
    targetInput.addEventListener('change', () => openAssignments(targetInput.value, select));
    targetInput.addEventListener('directory-loaded', () => { if (targetInput.value) openAssignments(targetInput.value, select); });
  }
  if (spec.target === 'unit' && specs.some(s => s.kind === 'unitRecord')) {
    const select = form.querySelector('[name="recordId"]');
    const load = () => liveUnitRecords(targetInput.value, select);
    targetInput.addEventListener('change', load);
    targetInput.addEventListener('directory-loaded', () => { if (targetInput.value) load(); });
  }
  main.append(form, result);
}

/** The unit's assignments still open (挂账), from its timeline, for 销号. */
async function openAssignments(unitId, select) {
  if (!unitId) { select.replaceChildren(h('option', { value: '' }, t('forms.chooseUnitFirst'))); return; }
  select.replaceChildren(h('option', { value: '' }, t('forms.loading')));
  try {
    const issued = new Map();
    let cursor = '';
    for (let i = 0; i < 20; i++) {
      const page = await getJson('query', `/api/v1/streams/${encodeURIComponent(unitId)}/records?limit=1000${cursor}`);
      for (const r of page.records) {
        const d = r.data || {};
        if (r.type.includes('assignment-issued') && !r.corrections.length) issued.set(d.assignmentId, d);
        if (r.type.includes('assignment-completed')) issued.delete(d.assignmentId);
      }
      if (page.next == null) break;
      cursor = '&cursor=' + encodeURIComponent(page.next);
    }
    const chosen = select.value;
    select.replaceChildren(h('option', { value: '' }, issued.size ? t('forms.chooseAssignment') : t('forms.noOpenAssignment')),
      ...[...issued.values()].map(a => h('option', { value: a.assignmentId },
        a.title + ' · ' + t('forms.due', { date: a.dueDate }) + ' (' + a.assignmentId.slice(0, 8) + ')')));
    if (chosen && issued.has(chosen)) select.value = chosen;       // read again: what was chosen stays chosen
  } catch (e) {
    select.replaceChildren(h('option', { value: '' }, e.status === 404 ? t('forms.noOpenAssignment') : e.message));
  }
}

/**
 * The unit's records that can still be revoked — cards, assignments, monthly scores, accountability procedures
 * not revoked yet — from its timeline, newest first.
 */
async function liveUnitRecords(unitId, select) {
  if (!unitId) { select.replaceChildren(h('option', { value: '' }, t('forms.chooseUnitFirst'))); return; }
  select.replaceChildren(h('option', { value: '' }, t('forms.loading')));
  const ids = { 'card-issued': 'cardId', 'assignment-issued': 'assignmentId', 'evaluation-scored': 'evaluationId',
    'accountability-procedure-opened': 'procedureId' };
  try {
    const live = [];
    let cursor = '';
    for (let i = 0; i < 20; i++) {
      const page = await getJson('query', `/api/v1/streams/${encodeURIComponent(unitId)}/records?limit=1000${cursor}`);
      for (const r of page.records) {
        const type = short(r.type);
        const d = r.data || {};
        const idField = ids[type];
        const recordId = r.recordId || (idField ? d[idField] : null);
        if (!idField || !recordId || (r.corrections || []).some(c => c.kind === 'REVOKED')) continue;
        live.push({ recordId, text: tOr('event.' + type, type) + ' · ' + (d.title || d.aspect || d.month || '')
          + (d.colour ? ' ' + tOr('cards.colour.' + d.colour, d.colour) : '') + (d.quarter ? ' ' + d.quarter : '')
          + (d.score != null ? ' ' + fmt(d.score) : '') + ' · ' + (r.effectiveDate || d.effectiveDate || '') });
      }
      if (page.next == null) break;
      cursor = '&cursor=' + encodeURIComponent(page.next);
    }
    live.reverse();
    const chosen = select.value;
    select.replaceChildren(h('option', { value: '' }, live.length ? t('forms.chooseUnitRecord') : t('forms.noUnitRecord')),
      ...live.map(r => h('option', { value: r.recordId }, r.text + ' (' + r.recordId.slice(0, 8) + ')')));
    if (chosen && live.some(r => r.recordId === chosen)) select.value = chosen;
  } catch (e) {
    select.replaceChildren(h('option', { value: '' }, e.status === 404 ? t('forms.noUnitRecord') : e.message));
  }
}

// ---- corrections on the dossier -------------------------------------------------------------------

const short = type => type.replace(/^cn\.ledger\./, '').replace(/\.v\d+$/, '');

/** What the caller may do from this record of the dossier: [follow-up name, …]. */
export function followUpsFor(record, records, who, cadreId = null) {
  if (record.corrections && record.corrections.some(c => c.kind === 'REVOKED')) return [];
  const recorder = who.roles.includes('recorder');
  const officer = who.roles.includes('discipline-officer');
  // a 复核 (review), then a 申诉 (complaint), against a sanction, a 不称职 grade or a negative entry
  const appeals = records.filter(r => short(r.type) === 'appeal-filed' && (r.data || {}).contestedRecordId === record.recordId
    && !(r.corrections || []).some(c => c.kind === 'REVOKED'));
  // the cadre themselves may appeal against a record of their own (the service checks the same)
  const self = who.cadre != null && who.cadre === cadreId;
  const appealable = (recorder || officer || self) && appeals.length < 2 && (short(record.type) === 'sanction-imposed'
    || short(record.type) === 'negative-entry-recorded'
    || (short(record.type) === 'annual-grade-recorded' && (record.data || {}).grade === 'INCOMPETENT'));
  const d = record.data || {};
  const later = type => records.some(r => short(r.type) === type && Object.values(r.data || {}).includes(record.recordId));
  const out = [];
  switch (short(record.type)) {
    case 'positive-entry-recorded':
      if (recorder) out.push('amendEntry', 'revokeEntry');
      break;
    case 'negative-entry-recorded':
      if (recorder) out.push('amendEntry', 'revokeEntry');
      if ((recorder || officer) && !record.corrections.some(c => c.kind === 'TOLERATED')) out.push('tolerate');
      break;
    case 'interview-recorded': case 'annual-grade-recorded':
      if (recorder) out.push('revokeRecord');
      break;
    case 'frontline-posting-recorded':
      if (recorder && !d.endDate && !later('frontline-posting-ended')) out.push('endPosting');
      if (recorder) out.push('revokeRecord');
      break;
    case 'sanction-imposed':
      if (officer) out.push('revokeRecord');
      break;
    case 'investigation-opened':
      if (officer && !later('investigation-closed')) out.push('closeInvestigation');
      if (officer) out.push('revokeRecord');
      break;
    case 'appeal-filed':
      if (officer && !later('appeal-decided')) out.push('decideAppeal');
      break;
    default:
      break;
  }
  if (appealable) out.push('fileAppeal');
  return record.recordId ? out : [];
}

/** The buttons of a dossier row; each opens its form in a row below. Null when there is nothing to do. */
export function correctionActions(record, records, who, cadreId) {
  const actions = followUpsFor(record, records, who, cadreId);
  if (!actions.length) return null;
  return h('td', { class: 'no-print actions' }, actions.map(name => h('button', { type: 'button', class: 'action-link',
    id: `act-${name}-${record.eventId}`, dataset: { action: name }, onclick: e => {
      const row = e.target.closest('tr');
      const open = row.nextElementSibling && row.nextElementSibling.classList.contains('correction-row')
        ? row.nextElementSibling : null;
      if (open) open.remove();
      if (open && open.dataset.action === name) return;
      row.after(correctionRow(name, record, cadreId, row.children.length));
    } }, t('forms.name.' + name))));
}

function correctionRow(name, record, cadreId, columns) {
  const spec = FOLLOW_UPS[name];
  const specs = spec.fields(record.recordId);
  const result = h('div', {});
  const form = recordingForm('fix-' + name, t('forms.name.' + name) + ' · ' + tOr('event.' + short(record.type), short(record.type)),
    specs, (c, v) => spec.path(c, encodeURIComponent(record.recordId)), () => cadreId,
    async (answer, body) => {
      result.replaceChildren(await recordedView(answer, body, null, name),
        h('p', {}, h('a', { href: '#', id: 'fix-reload', onclick: ev => {
          ev.preventDefault();
          go('dossier', { cadre: cadreId, event: answer.id });
        } }, t('forms.reloadDossier'))));
    });
  if (name === 'amendEntry') {
    const d = record.data || {};
    for (const k of ['aspect', 'points', 'summary']) {
      const el = form.querySelector(`[name="${k}"]`);
      if (el && d[k] != null) el.value = String(d[k]);
    }
    const ev = form.querySelector('[name="evidence"]');
    if (ev && Array.isArray(d.evidence)) ev.value = d.evidence.join('\n');
  }
  return h('tr', { class: 'correction-row', dataset: { action: name } }, h('td', { colspan: columns }, form, result));
}
