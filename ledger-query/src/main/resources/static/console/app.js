// The console: sign-in, the menu the caller's roles allow, hash routing (#/ranking?month=2023-09).
import { t, language, setLanguage } from './i18n.js';
import { h } from './dom.js';
import { caller, config, demoSignIn, pagesFor, signInWith, signOut } from './api.js';
import { rankingPage, cardsPage, rosterPage } from './pages.js';
import { dossierPage } from './dossier.js';
import { auditPage } from './audit.js';
import { recordPage } from './forms.js';
import { importPage } from './import.js';
import { interviewsPage, cardTotalsPage, completionPage, talliesPage } from './tables.js';
import { adminPage } from './admin.js';
import { todoSection } from './todo.js';
import { todoServices } from './roles.js';

const PAGES = { ranking: rankingPage, cards: cardsPage, dossier: dossierPage, roster: rosterPage, audit: auditPage,
  import: importPage, record: recordPage, interviews: interviewsPage, cardTotals: cardTotalsPage,
  completion: completionPage, tallies: talliesPage, admin: adminPage };
const DEMO_USERS = ['reviewer-1', 'auditor-1', 'c-wang', 'recorder-anning', 'recorder-lanzhou', 'discipline-1',
  'assessor-1', 'admin-1', 'hr-system'];

export function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [name, query] = hash.split('?');
  return { name: name || '', params: new URLSearchParams(query || '') };
}

/** Goes to a page with parameters (empty ones left out); the page renders on hashchange. */
export function go(name, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, v);
  const target = '#/' + name + (q.toString() ? '?' + q : '');
  if (location.hash === target) render(); else location.hash = target;
}

function header(who) {
  const nav = h('nav', { class: 'menu', 'aria-label': 'menu' },
    pagesFor(who).map(p => h('a', { id: 'nav-' + p, href: '#/' + p, class: route().name === p ? 'active' : null },
      t('nav.' + p))));
  const lang = h('button', { id: 'lang-toggle', class: 'link', type: 'button', onclick: () => {
    setLanguage(language() === 'zh' ? 'en' : 'zh');
    render();
  } }, t('lang.toggle'));
  const user = who ? h('span', { class: 'who' },
    h('span', { id: 'who' }, t('auth.signedInAs', { user: who.subject })),
    h('span', { class: 'roles' }, ' · ' + who.roles.map(r => t('role.' + r)).join('、')),
    h('button', { id: 'sign-out', class: 'link', type: 'button', onclick: () => { signOut(); go(''); } }, t('auth.signOut')))
    : null;
  return h('header', { class: 'top' },
    h('div', { class: 'brand' }, h('div', { class: 'title' }, t('app.title')), h('div', { class: 'subtitle' }, t('app.subtitle'))),
    nav, h('div', { class: 'right' }, user, lang));
}

async function signInView(main) {
  const c = await config();
  const message = h('p', { id: 'sign-in-error', class: 'error', hidden: true });
  const fail = e => { message.hidden = false; message.textContent = t('auth.failed', { detail: e.detail || e.message }); };
  if (c.securityMode === 'local') {
    main.append(h('section', { class: 'card sign-in' }, h('h1', {}, t('auth.signIn')), h('p', {}, t('auth.localHint')),
      h('ul', { class: 'demo-users' }, DEMO_USERS.map(u => h('li', {},
        h('button', { type: 'button', id: 'demo-' + u, onclick: async () => {
          try { await demoSignIn(u); afterSignIn(); } catch (e) { fail(e); }
        } }, u), h('span', { class: 'muted' }, ' ' + t('demo.' + u))))), message));
  } else {
    const field = h('textarea', { id: 'token', rows: 5, spellcheck: 'false', placeholder: 'eyJ…' });
    main.append(h('section', { class: 'card sign-in' }, h('h1', {}, t('auth.signIn')), h('p', {}, t('auth.jwtHint')),
      h('label', {}, t('auth.tokenLabel'), field),
      h('button', { type: 'button', id: 'token-sign-in', onclick: () => {
        try { signInWith(field.value); afterSignIn(); } catch (e) { message.hidden = false; message.textContent = t('auth.badToken'); }
      } }, t('auth.signIn')), message));
  }
}

function afterSignIn() {
  const who = caller();
  const pages = pagesFor(who);
  if (pages.includes('dossier') && !pages.includes('ranking') && !pages.includes('audit') && who.cadre) {
    go('dossier', { cadre: who.cadre });
  } else if (todoServices(who).length) {
    go(''); // the start page, with the caller's to-do list
  } else if (pages.length) {
    go(pages[0]);
  } else {
    go('');
  }
}

export async function render() {
  document.documentElement.lang = language() === 'zh' ? 'zh-CN' : 'en';
  document.title = t('app.title') + ' · ' + t('app.subtitle');
  const who = caller();
  const { name, params } = route();
  const root = document.getElementById('app');
  const main = h('main', { id: 'main', dataset: { page: who ? name : 'sign-in' } });
  root.replaceChildren(header(who), main);
  if (!who) {
    await signInView(main);
    return;
  }
  const allowed = pagesFor(who);
  if (!name && allowed.includes('record')) {
    // a role that writes starts on its to-do list, if it has one, and its forms
    const todo = await todoSection(who);
    if (todo) main.append(todo);
    await PAGES.record(main, params, who);
    return;
  }
  if (!name || !PAGES[name]) {
    main.append(h('section', { class: 'card' }, h('p', { id: 'home-message' },
      allowed.length || todoServices(who).length ? t('home.welcome') : t('home.nothing', { roles: who.roles.map(r => t('role.' + r)).join('、') }))));
    const todo = await todoSection(who);
    if (todo) main.append(todo);
    return;
  }
  if (!allowed.includes(name)) {
    main.append(h('p', { class: 'error', id: 'page-error' }, t('error.forbidden')));
    return;
  }
  await PAGES[name](main, params, who);
}

window.addEventListener('hashchange', render);
render();
