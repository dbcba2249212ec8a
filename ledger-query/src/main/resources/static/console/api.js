// Talking to the three services: the console's settings, the signed-in caller, requests with the
// bearer token, friendly errors, file downloads.
import { t, language } from './i18n.js';
import { extraPagesFor } from './roles.js';

const TOKEN_KEY = 'ledger.console.token';
let settings = null;

export async function config() {
  if (!settings) {
    const response = await fetch('config.json', { cache: 'no-store' });
    settings = await response.json();
  }
  return settings;
}

/** The base URL of a service: 'query' is this origin; 'command' and 'ranking' come from config.json. */
export async function base(service) {
  const c = await config();
  if (service === 'command') return c.commandUrl;
  if (service === 'ranking') return c.rankingUrl;
  return '';
}

function decodePayload(token) {
  const part = token.split('.')[1];
  if (!part) throw new Error('not a JWT');
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(b64), ch => ch.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The caller as the token says: subject, roles, units, cadre. Null when signed out or expired. */
export function caller() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return null;
  try {
    const claims = decodePayload(token);
    if (claims.exp && claims.exp * 1000 < Date.now()) {
      sessionStorage.removeItem(TOKEN_KEY);
      return null;
    }
    let roles = claims.roles || [];
    if (typeof roles === 'string') roles = roles.split(/[ ,]+/).filter(Boolean);
    const cadre = claims.cadre || null;
    if (!cadre) roles = roles.filter(r => r !== 'cadre');
    return { subject: claims.sub, roles, units: claims.units || [], cadre };
  } catch (e) {
    sessionStorage.removeItem(TOKEN_KEY);
    return null;
  }
}

export function signInWith(token) {
  decodePayload(token); // throws for something that is not a JWT
  sessionStorage.setItem(TOKEN_KEY, token.trim());
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

export async function demoSignIn(user) {
  const response = await fetch('../api/v1/auth/demo-token?user=' + encodeURIComponent(user), { method: 'POST' });
  if (!response.ok) throw await problem(response, 'demo-token');
  const body = await response.json();
  signInWith(body.access_token);
}

/** An error the console can show: a message for people, the HTTP status, the problem's detail. */
export class ApiError extends Error {
  constructor(message, status, detail) {
    super(message);
    this.status = status;
    this.detail = detail;
  }
}

async function problem(response, url) {
  let detail = response.statusText;
  try {
    const body = await response.json();
    detail = body.detail || body.title || detail;
  } catch (e) { /* not JSON */ }
  const s = response.status;
  if (s === 401) { signOut(); return new ApiError(t('auth.expired'), s, detail); }
  if (s === 403) return new ApiError(t('error.forbidden'), s, detail);
  if (s === 404) return new ApiError(t('error.notFound', { detail }), s, detail);
  if (s === 503) return new ApiError(t('error.unavailable'), s, detail);
  if (s >= 400 && s < 500) return new ApiError(t('error.bad', { detail }), s, detail);
  return new ApiError(t('error.server', { status: s, detail }), s, detail);
}

async function send(service, path, accept) {
  const url = (await base(service)) + path;
  // the services write their sentences (e.g. an eligibility rule's reason) in the language the page shows
  const headers = { Accept: accept, 'Accept-Language': language() === 'en' ? 'en' : 'zh-CN' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = 'Bearer ' + token;
  let response;
  try {
    response = await fetch(service === 'query' ? '..' + path : url, { headers, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(t('error.network', { url: url || location.origin }), 0, String(e));
  }
  if (!response.ok) throw await problem(response, url);
  return response;
}

/** GET a JSON answer from 'query', 'ranking' or 'command'. */
export async function getJson(service, path) {
  return (await send(service, path, 'application/json')).json();
}

/** GET a file with the bearer token and save it under the name the service gives (Content-Disposition). */
export async function download(service, path, fallbackName) {
  const response = await send(service, path, '*/*');
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1] || match[2]) : fallbackName;
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

/**
 * POST a JSON body to 'command' with an Idempotency-Key: { ok, status, body } — on a 4xx the body is the
 * problem+json as the service wrote it (its fields under errors), for the form to show field by field.
 */
export async function postJson(service, path, body, idempotencyKey) {
  const url = (await base(service)) + path;
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json',
    'Accept-Language': language() === 'en' ? 'en' : 'zh-CN', 'Idempotency-Key': idempotencyKey };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = 'Bearer ' + token;
  let response;
  try {
    response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), cache: 'no-store' });
  } catch (e) {
    throw new ApiError(t('error.network', { url: url || location.origin }), 0, String(e));
  }
  if (response.ok) return { ok: true, status: response.status, body: await response.json() };
  const type = response.headers.get('Content-Type') || '';
  if (response.status >= 400 && response.status < 500 && response.status !== 401 && type.includes('json')) {
    return { ok: false, status: response.status, body: await response.json() };
  }
  throw await problem(response, url);
}

/** Which pages a caller may open (the services enforce the same; this only hides what would be refused). */
export function pagesFor(who) {
  if (!who) return [];
  const pages = new Set();
  if (who.roles.includes('reviewer')) ['ranking', 'cards', 'dossier', 'roster'].forEach(p => pages.add(p));
  if (who.roles.includes('auditor')) ['dossier', 'audit'].forEach(p => pages.add(p));
  if (who.roles.includes('cadre') && who.cadre) pages.add('dossier');
  // the roles that write: their forms, and the dossiers of their scope to see and correct what was recorded
  if (['recorder', 'discipline-officer', 'assessor'].some(r => who.roles.includes(r))) pages.add('record');
  if (['recorder', 'discipline-officer'].some(r => who.roles.includes(r))) pages.add('dossier');
  if (who.roles.includes('recorder') || who.roles.includes('discipline-officer')) pages.add('import');
  return ['record', 'ranking', 'cards', 'dossier', 'roster', 'audit', 'import'].filter(p => pages.has(p))
    .concat(extraPagesFor(who));
}

/** Whether the caller may ask about eligibility for this cadre. */
export function mayAskEligibility(who, cadreId) {
  return !!who && (who.roles.includes('reviewer') || (who.roles.includes('cadre') && who.cadre === cadreId));
}

/** Whether the caller may read any cadre's dossier (not only their own). */
export function mayReadAnyDossier(who) {
  return !!who && ['reviewer', 'auditor', 'recorder', 'discipline-officer'].some(r => who.roles.includes(r));
}

/** An action without a body POSTed to 'query', 'ranking' or 'command' with the bearer token; the JSON answer (null when empty). */
export async function postAction(service, path) {
  const url = (await base(service)) + path;
  const headers = { Accept: 'application/json', 'Accept-Language': language() === 'en' ? 'en' : 'zh-CN' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = 'Bearer ' + token;
  let response;
  try {
    response = await fetch(service === 'query' ? '..' + path : url, { method: 'POST', headers, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(t('error.network', { url: url || location.origin }), 0, String(e));
  }
  if (!response.ok) throw await problem(response, url);
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}
