// Checks a stream's history against a signed checkpoint, in the browser, trusting none of the
// service's verdicts: the leaf of every event is recomputed from its stored bytes (StoredEvent.leaf),
// the Merkle root from its inclusion proof (RFC 6962 / RFC 9162 §2.1.3.2), and the checkpoint's
// Ed25519 signature over its text (Checkpoint.signedText) with WebCrypto, and its C2SP signed note.

const utf8 = new TextEncoder();

export function hex(bytes) {
  return Array.from(new Uint8Array(bytes), b => b.toString(16).padStart(2, '0')).join('');
}

export function unhex(text) {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.substr(i * 2, 2), 16);
  return out;
}

export function unbase64(text) {
  return Uint8Array.from(atob(text), ch => ch.charCodeAt(0));
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** "ledger-leaf/v1", then each stored column as a 4-byte big-endian length and its bytes (0xFFFFFFFF for null). */
export function leaf(e) {
  const fields = [e.eventId, e.streamId, String(e.sequence), e.aggregateType, e.timestamp, e.payloadType,
    e.payloadRevision, e.payload == null ? null : unbase64(e.payload), e.metaData == null ? null : unbase64(e.metaData)];
  const parts = [utf8.encode('ledger-leaf/v1')];
  for (const f of fields) {
    const bytes = f == null ? null : (typeof f === 'string' ? utf8.encode(f) : f);
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, bytes == null ? 0xFFFFFFFF : bytes.length);
    parts.push(length);
    if (bytes != null) parts.push(bytes);
  }
  return concat(...parts);
}

export async function leafHash(e) {
  return sha256(concat(new Uint8Array([0]), leaf(e)));
}

async function nodeHash(left, right) {
  return sha256(concat(new Uint8Array([1]), left, right));
}

/** The root an audit path leads to for leaf `index` of a tree of size n, or null when the path does not fit. */
export async function rootFromPath(leafHashBytes, index, n, path) {
  if (index < 0 || index >= n) return null;
  let fn = BigInt(index);
  let sn = BigInt(n - 1);
  let r = leafHashBytes;
  for (const p of path) {
    if (sn === 0n) return null;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? r : null;
}

/**
 * Whether the checkpoint is signed by its key: the key id is the key's, the signed text states the
 * checkpoint's size, root and key id, and the Ed25519 signature holds. Answers {ok, problems[], unsupported}.
 */
export async function checkCheckpoint(cp, pinnedKey) {
  const problems = [];
  const spki = unbase64(cp.publicKey);
  const keyId = hex(await sha256(spki)).slice(0, 16);
  if (keyId !== cp.keyId) problems.push('audit.keyId.bad');
  if (pinnedKey && pinnedKey.trim() && pinnedKey.trim() !== cp.publicKey) problems.push('audit.key.notPinned');
  const lines = cp.signedText.split('\n');
  if (lines[0] !== 'ledger.events checkpoint v1' || lines[1] !== String(cp.treeSize) || lines[2] !== cp.rootHash
      || lines[4] !== cp.keyId || lines.length !== 6 || lines[5] !== '') {
    problems.push('audit.signedText.bad');
  }
  let signature = null;
  let unsupported = false;
  try {
    const key = await crypto.subtle.importKey('spki', spki, { name: 'Ed25519' }, false, ['verify']);
    signature = await crypto.subtle.verify({ name: 'Ed25519' }, key, unbase64(cp.signature), utf8.encode(cp.signedText));
    if (!signature) problems.push('audit.signature.bad');
  } catch (e) {
    if (e && (e.name === 'NotSupportedError' || /Unrecognized|not supported/i.test(String(e.message)))) {
      unsupported = true;
    } else {
      problems.push('audit.signature.bad');
    }
  }
  return { ok: problems.length === 0 && signature === true, signature, unsupported, problems, keyId };
}

/**
 * Whether the checkpoint's C2SP signed note (https://c2sp.org/tlog-checkpoint) holds: its verifier key
 * (name+keyhash+base64(0x01‖key)) is the checkpoint's public key under that name, the note's text states
 * the origin, the checkpoint's size and root (base64), and its "— name base64(keyhash‖signature)" line
 * carries a valid Ed25519 signature over the text. Answers {ok, origin, problems[], unsupported}.
 */
export async function checkNote(cp) {
  if (!cp.note || !cp.verifierKey) return { ok: false, origin: null, problems: ['audit.note.missing'], unsupported: false };
  const problems = [];
  const plus = cp.verifierKey.indexOf('+');
  const name = cp.verifierKey.slice(0, plus);
  const [hashHex, keyText] = [cp.verifierKey.slice(plus + 1, plus + 9), cp.verifierKey.slice(plus + 10)];
  const typed = unbase64(keyText);
  const raw = typed.slice(1);
  const keyHash = (await sha256(concat(utf8.encode(name), new Uint8Array([0x0a, 0x01]), raw))).slice(0, 4);
  if (typed[0] !== 1 || raw.length !== 32 || hex(keyHash) !== hashHex || hex(unbase64(cp.publicKey).slice(-32)) !== hex(raw)) {
    problems.push('audit.note.key');
  }
  const split = cp.note.lastIndexOf('\n\n');
  const text = cp.note.slice(0, split + 1);
  const lines = text.split('\n');
  let root = null;
  try { root = hex(unbase64(lines[2] || '')); } catch (e) { /* not base64: a problem below */ }
  if (split < 0 || lines[0] !== name || lines[1] !== String(cp.treeSize) || root !== cp.rootHash) problems.push('audit.note.text');
  let signature = null;
  let unsupported = false;
  const line = cp.note.slice(split + 2).split('\n').find(l => l.startsWith('\u2014 ' + name + ' '));
  try {
    const sig = line ? unbase64(line.slice(name.length + 3)) : new Uint8Array(0);
    if (sig.length !== 68 || hex(sig.slice(0, 4)) !== hex(keyHash)) {
      signature = false;
    } else {
      const key = await crypto.subtle.importKey('spki', unbase64(cp.publicKey), { name: 'Ed25519' }, false, ['verify']);
      signature = await crypto.subtle.verify({ name: 'Ed25519' }, key, sig.slice(4), utf8.encode(text));
    }
    if (!signature) problems.push('audit.note.signature');
  } catch (e) {
    if (e && (e.name === 'NotSupportedError' || /Unrecognized|not supported/i.test(String(e.message)))) {
      unsupported = true;
    } else {
      problems.push('audit.note.signature');
    }
  }
  return { ok: problems.length === 0 && signature === true, origin: name, problems, unsupported };
}

/**
 * The witnesses' cosignatures the service kept for the checkpoint (C2SP tlog-cosignature, cosignature/v1):
 * each line checked with its witness's verifier key (name+keyid+base64(0x04‖key)), an Ed25519 signature over
 * "cosignature/v1\ntime <t>\n" and the note's text. The keys come from the service (as the checkpoint's
 * public key does): an auditor who holds the witnesses' keys checks them with ledger-verify --witness.
 * Answers [{witness, name, at, ok, unsupported}].
 */
export async function checkCosignatures(cp) {
  const out = [];
  const split = (cp.note || '').indexOf('\n\n');
  const text = split < 0 ? '' : cp.note.slice(0, split + 1);
  for (const c of cp.cosignatures || []) {
    const plus = c.verifierKey.indexOf('+');
    const name = c.verifierKey.slice(0, plus);
    let ok = false, unsupported = false, at = null;
    try {
      const typed = unbase64(c.verifierKey.slice(plus + 10));
      const raw = typed.slice(1);
      const keyId = (await sha256(concat(utf8.encode(name), new Uint8Array([0x0a, 0x04]), raw))).slice(0, 4);
      const prefix = '\u2014 ' + name + ' ';
      const body = c.line.startsWith(prefix) ? unbase64(c.line.slice(prefix.length).trim()) : new Uint8Array(0);
      if (split >= 0 && typed[0] === 4 && raw.length === 32 && hex(keyId) === c.verifierKey.slice(plus + 1, plus + 9)
          && body.length === 76 && hex(body.slice(0, 4)) === hex(keyId)) {
        const time = new DataView(body.buffer, body.byteOffset + 4, 8).getBigUint64(0);
        at = new Date(Number(time) * 1000).toISOString();
        const key = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
        ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, body.slice(12),
          utf8.encode('cosignature/v1\ntime ' + time + '\n' + text));
      }
    } catch (e) {
      unsupported = !!(e && (e.name === 'NotSupportedError' || /Unrecognized|not supported/i.test(String(e.message))));
    }
    out.push({ witness: c.witness, name, at, ok, unsupported });
  }
  return out;
}

function same(a, b) {
  if (a === b) return true;
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return same(ka, kb) && ka.every(k => same(a[k], b[k]));
  }
  return false;
}

/**
 * One event: its stored bytes give the leaf the log holds, the proof leads from that leaf to the
 * signed root, and what the page shows is what the bytes say. Answers {status: OK|FAIL|PENDING, reasons[]}.
 */
export async function checkEvent(shown, stored, proof, cp) {
  if (shown.leafIndex == null || shown.leafIndex >= cp.treeSize) return { status: 'PENDING', reasons: [] };
  if (!stored || !proof) return { status: 'FAIL', reasons: ['audit.reason.missing'] };
  const reasons = [];
  const mine = await leafHash(stored);
  if (hex(mine) !== stored.leafHash || hex(mine) !== proof.leafHash) reasons.push('audit.reason.leaf');
  const root = await rootFromPath(mine, proof.leafIndex, cp.treeSize, proof.path.map(unhex));
  if (proof.leafIndex !== shown.leafIndex || root == null || hex(root) !== cp.rootHash) reasons.push('audit.reason.proof');
  let payload = null;
  try {
    payload = stored.payload == null ? null : JSON.parse(new TextDecoder().decode(unbase64(stored.payload)));
  } catch (e) { /* not JSON: compared below */ }
  if (stored.eventId !== shown.eventId || stored.sequence !== shown.sequence || !same(payload, shown.payload)) {
    reasons.push('audit.reason.shown');
  }
  return { status: reasons.length ? 'FAIL' : 'OK', reasons };
}
