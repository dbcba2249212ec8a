// 6. Importing an office's existing 台账 workbooks into ledger-command: a template per kind of record, the upload,
// its progress while every row is checked and appended, the problems row by row, and the report to fix and upload again.
import { t } from './i18n.js';
import { h } from './dom.js';
import { base, download, getJson } from './api.js';
import { errorBox } from './pages.js';

const TOKEN_KEY = 'ledger.console.token';
const POLL_MILLIS = 700;
const FINISHED = ['DONE', 'REJECTED', 'FAILED'];

export async function importPage(main) {
  main.append(h('h1', {}, t('import.title')), h('p', { class: 'muted' }, t('import.hint')));
  const templates = h('section', { class: 'card', id: 'import-templates' }, h('p', { class: 'muted' }, t('common.loading')));
  const file = h('input', { id: 'import-file', type: 'file', accept: '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const mode = h('select', { id: 'import-mode' },
    h('option', { value: 'ALL_OR_NOTHING' }, t('import.mode.ALL_OR_NOTHING')),
    h('option', { value: 'VALID_ROWS' }, t('import.mode.VALID_ROWS')));
  const result = h('div', { id: 'import-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', id: 'import-upload' }, t('import.upload'));
  const form = h('form', { class: 'query no-print', id: 'import-form', onsubmit: async e => {
    e.preventDefault();
    if (!file.files.length) { result.replaceChildren(h('p', { class: 'error', id: 'page-error' }, t('import.noFile'))); return; }
    button.disabled = true;
    try { await upload(file.files[0], mode.value, result); } finally { button.disabled = false; }
  } }, h('label', { class: 'field' }, h('span', {}, t('import.file')), file),
  h('label', { class: 'field' }, h('span', {}, t('import.mode')), mode), button);
  main.append(h('h2', {}, t('import.templates')), templates, h('h2', {}, t('import.uploadTitle')), form, result);
  try {
    const kinds = await getJson('command', '/api/v1/imports/kinds');
    templates.replaceChildren(h('ul', { class: 'import-kinds' }, kinds.map(k => h('li', {},
      h('button', { type: 'button', class: 'secondary', id: 'template-' + k.kind, onclick: async () => {
        try { await download('command', '/api/v1/imports/templates/' + k.kind, k.sheet + '.xlsx'); } catch (e) { result.replaceChildren(errorBox(e)); }
      } }, t('import.template', { sheet: k.sheet })),
      h('span', { class: 'muted small' }, ' ' + t('import.needs', { role: t('role.' + k.role.toLowerCase().replace('_', '-')) }))))));
  } catch (e) {
    templates.replaceChildren(errorBox(e));
  }
}

async function upload(file, mode, result) {
  result.replaceChildren(h('p', { class: 'muted' }, t('import.sending')));
  let response;
  try {
    response = await fetch((await base('command')) + '/api/v1/imports?mode=' + mode, { method: 'POST', body: file,
      headers: { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY),
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
  } catch (e) {
    result.replaceChildren(errorBox(new Error(t('error.network', { url: await base('command') }))));
    return;
  }
  if (response.status !== 202) {
    let detail = response.statusText;
    try {
      const p = await response.json();
      detail = (p.errors || []).map(x => x.reason).join('; ') || p.detail || p.title || detail;
    } catch (e) { /* not JSON */ }
    result.replaceChildren(errorBox(new Error(t('import.refused', { status: response.status, detail }))));
    return;
  }
  let job = await response.json();
  while (true) {
    result.replaceChildren(...view(job));
    if (FINISHED.includes(job.state)) return;
    await new Promise(resolve => setTimeout(resolve, POLL_MILLIS));
    try {
      job = await getJson('command', '/api/v1/imports/' + encodeURIComponent(job.id));
    } catch (e) {
      result.append(errorBox(e));
      return;
    }
  }
}

function view(job) {
  const done = job.state === 'CHECKING' || job.state === 'REJECTED' ? job.rowsChecked : job.rowsDone;
  const out = [h('section', { class: 'card', id: 'import-job', dataset: { state: job.state } },
    h('p', {}, h('strong', { id: 'import-state' }, t('import.state.' + job.state)), ' · ',
      t('import.progress', { done, total: job.rowsTotal })),
    h('progress', { id: 'import-progress', max: Math.max(1, job.rowsTotal), value: done }),
    h('p', { class: 'small', id: 'import-counts' }, t('import.counts', { appended: job.rowsAppended,
      already: job.rowsAlreadyImported, problems: job.problemCount })),
    job.message ? h('p', { class: 'small muted' }, job.message) : null,
    job.ignoredSheets && job.ignoredSheets.length ? h('p', { class: 'small muted' },
      t('import.ignored', { sheets: job.ignoredSheets.join('、') })) : null)];
  if (FINISHED.includes(job.state)) {
    out.push(h('button', { type: 'button', class: 'secondary', id: 'import-report', onclick: async e => {
      try { await download('command', '/api/v1/imports/' + encodeURIComponent(job.id) + '/report', t('import.reportFile', { id: job.id.slice(0, 8) })); }
      catch (err) { e.target.after(errorBox(err)); }
    } }, t('import.report')));
  }
  if (job.problems && job.problems.length) {
    out.push(h('table', { class: 'import-problems', id: 'import-problems' },
      h('thead', {}, h('tr', {}, [t('import.sheet'), t('import.row'), t('import.column'), t('import.problem')]
        .map(x => h('th', {}, x)))),
      h('tbody', {}, job.problems.map(p => h('tr', { dataset: { sheet: p.sheet, row: p.row } },
        h('td', {}, p.sheet), h('td', { class: 'num' }, p.row), h('td', {}, p.column), h('td', {}, p.problem))))));
    if (job.problemsTruncated) out.push(h('p', { class: 'small muted' }, t('import.truncated', { count: job.problemCount })));
  }
  return out;
}
