// The Janua example's page: plain script over the JSON API, no build step, no other origin.
// Every request says "X-Janua-Client: browser", so the service keeps the session in HttpOnly
// cookies and answers without tokens; state changes echo the janua_csrf cookie in X-CSRF-Token.
'use strict';

const CLIENT = { 'X-Janua-Client': 'browser' };
const $ = (id) => document.getElementById(id);

// The MFA challenge of a sign-in: kept in this variable only (never stored), spent once.
let mfa = null;

class ApiError extends Error {
  constructor(status, body) {
    const e = body && body.error;
    super(e ? e.message + ' (' + e.code + ')' : 'HTTP ' + status);
    this.status = status;
    this.code = e ? e.code : null;
  }
}

function csrfToken() {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'janua_csrf') {
      return rest.join('=');
    }
  }
  return null;
}

async function send(method, path, body) {
  const headers = { ...CLIENT, Accept: 'application/json' };
  const csrf = csrfToken();
  if (csrf) {
    headers['X-CSRF-Token'] = csrf;
  }
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (ignored) {
      data = null;
    }
  }
  return { res, data };
}

// One call to the API; when the access cookie has run out, refresh once and try again.
async function api(method, path, body) {
  let { res, data } = await send(method, path, body);
  const code = data && data.error ? data.error.code : null;
  if (res.status === 401 && (code === 'unauthorized' || code === 'invalid_token')
      && !path.startsWith('/api/v1/auth/refresh')) {
    const refreshed = await send('POST', '/api/v1/auth/refresh');
    if (refreshed.res.ok) {
      ({ res, data } = await send(method, path, body));
    }
  }
  if (!res.ok) {
    throw new ApiError(res.status, data);
  }
  return data;
}

function show(id, visible) {
  $(id).hidden = !visible;
}

function say(text) {
  $('error').hidden = true;
  $('notice').textContent = text;
  $('notice').hidden = !text;
}

function fail(e) {
  $('notice').hidden = true;
  $('error').textContent = e instanceof Error ? e.message : String(e);
  $('error').hidden = false;
}

// Runs a handler, shows its failure; forms never navigate.
function on(id, event, handler) {
  $(id).addEventListener(event, async (ev) => {
    ev.preventDefault();
    try {
      await handler(ev);
    } catch (e) {
      fail(e);
    }
  });
}

function view(name) {
  for (const id of ['signed-out', 'mfa-challenge', 'signed-in']) {
    show(id, id === name);
  }
}

// ------------------------------------------------------------------ signed-in view

async function loadSignedIn() {
  let me;
  try {
    me = await api('GET', '/api/v1/auth/me');
  } catch (e) {
    if (e.status === 401) {
      view('signed-out');
      return;
    }
    throw e;
  }
  $('me-email').textContent = me.email;
  $('me-id').textContent = me.id;
  view('signed-in');
  await loadMfa();
  await loadPasskeys();
}

async function loadMfa() {
  const s = await api('GET', '/api/v1/auth/mfa');
  $('totp-state').textContent = s.totp_enabled
    ? 'On. Recovery codes left: ' + s.recovery_codes_remaining + '.'
    : 'Off.';
  show('totp-enroll', !s.totp_enabled);
  show('totp-manage', s.totp_enabled);
  if (s.totp_enabled) {
    show('totp-enrollment', false);
  }
}

function showRecoveryCodes(codes) {
  const list = $('recovery-codes-list');
  list.replaceChildren(...codes.map((c) => {
    const li = document.createElement('li');
    li.textContent = c;
    li.className = 'recovery-code';
    return li;
  }));
  show('recovery-codes', true);
}

async function loadPasskeys() {
  const list = $('passkey-list');
  if (!window.PublicKeyCredential) {
    $('passkey-state').textContent = 'This browser has no passkey support.';
    return;
  }
  let data;
  try {
    data = await api('GET', '/api/v1/auth/passkeys');
  } catch (e) {
    list.replaceChildren();
    $('passkey-state').textContent = e.status === 404
      ? 'Passkeys are not available on this server yet.' : e.message;
    return;
  }
  const keys = data.data || [];
  $('passkey-state').textContent = keys.length ? '' : 'No passkey yet.';
  list.replaceChildren(...keys.map((k) => {
    const li = document.createElement('li');
    li.className = 'passkey';
    li.dataset.id = k.id;
    const name = document.createElement('span');
    name.className = 'passkey-name';
    name.textContent = k.name;
    const del = document.createElement('button');
    del.type = 'button';
    del.className = 'link passkey-delete';
    del.textContent = 'Remove';
    del.addEventListener('click', async () => {
      try {
        await api('DELETE', '/api/v1/auth/passkeys/' + encodeURIComponent(k.id));
        say('Passkey removed.');
        await loadPasskeys();
      } catch (e) {
        fail(e);
      }
    });
    li.append(name, ' ', del);
    return li;
  }));
}

// ------------------------------------------------------------------ sign-up, sign-in, MFA

// A sign-in answered with tokens (now in cookies), or with an MFA challenge.
async function signedIn(data) {
  if (data && data.mfa_required) {
    mfa = data;
    $('mfa-methods').textContent = (data.methods || []).join(', ');
    show('mfa-passkey', (data.methods || []).includes('passkey'));
    $('mfa-code').value = '';
    $('mfa-recovery-code').value = '';
    view('mfa-challenge');
    say('Enter a code from your authenticator app.');
    return;
  }
  mfa = null;
  say('Signed in.');
  await loadSignedIn();
}

on('signup-form', 'submit', async () => {
  const body = { email: $('signup-email').value, password: $('signup-password').value };
  if ($('signup-name').value) {
    body.name = $('signup-name').value;
  }
  await api('POST', '/api/v1/auth/signup', body);
  $('signup-password').value = '';
  say('Account created; you are signed in.');
  await loadSignedIn();
});

on('signin-form', 'submit', async () => {
  const data = await api('POST', '/api/v1/auth/signin',
    { email: $('signin-email').value, password: $('signin-password').value });
  $('signin-password').value = '';
  await signedIn(data);
});

async function completeMfa(proof) {
  if (!mfa) {
    throw new Error('No sign-in is waiting for a second factor: sign in again.');
  }
  const data = await api('POST', '/api/v1/auth/mfa/complete',
    { challenge: mfa.challenge, ...proof });
  await signedIn(data);
}

on('mfa-code-form', 'submit', () => completeMfa({ code: $('mfa-code').value }));
on('mfa-recovery-form', 'submit',
  () => completeMfa({ recovery_code: $('mfa-recovery-code').value }));
on('mfa-passkey', 'click', async () => {
  // The sign-in answer carries request options bound to this user and challenge.
  if (!mfa || !mfa.passkey_options) {
    throw new Error('No passkey can answer this sign-in: use a code.');
  }
  await completeMfa({ credential: await getCredential(mfa.passkey_options) });
});
on('mfa-cancel', 'click', async () => {
  mfa = null;
  say('');
  view('signed-out');
});

on('signout', 'click', async () => {
  try {
    await api('POST', '/api/v1/auth/signout');
  } finally {
    mfa = null;
    show('recovery-codes', false);
    show('totp-enrollment', false);
  }
  say('Signed out.');
  view('signed-out');
});

// ------------------------------------------------------------------ TOTP

on('totp-enroll', 'click', async () => {
  const e = await api('POST', '/api/v1/auth/mfa/totp/enroll');
  // The server drew the QR code; parse it as SVG (not HTML) and show it.
  const svg = new DOMParser().parseFromString(e.qr_svg, 'image/svg+xml').documentElement;
  $('totp-qr').replaceChildren(document.importNode(svg, true));
  $('totp-secret').textContent = e.secret;
  $('totp-code').value = '';
  show('recovery-codes', false);
  show('totp-enroll', false);
  show('totp-enrollment', true);
  say('Scan the code, then enter the six digits the app shows.');
});

on('totp-confirm-form', 'submit', async () => {
  const r = await api('POST', '/api/v1/auth/mfa/totp/confirm', { code: $('totp-code').value });
  show('totp-enrollment', false);
  showRecoveryCodes(r.recovery_codes);
  say('The authenticator app is on.');
  await loadMfa();
});

on('totp-disable-form', 'submit', async () => {
  await api('DELETE', '/api/v1/auth/mfa/totp', { code: $('totp-disable-code').value });
  $('totp-disable-code').value = '';
  show('recovery-codes', false);
  say('The authenticator app is off.');
  await loadMfa();
});

on('recovery-regenerate', 'click', async () => {
  const r = await api('POST', '/api/v1/auth/mfa/recovery-codes');
  showRecoveryCodes(r.recovery_codes);
  say('New recovery codes; the old ones no longer work.');
  await loadMfa();
});

// ------------------------------------------------------------------ passkeys (WebAuthn)

// The service sends WebAuthn Level 3 JSON options (possibly under "publicKey").
function publicKeyOf(options) {
  return options && options.publicKey ? options.publicKey : options;
}

async function getCredential(options) {
  const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(publicKeyOf(options));
  const credential = await navigator.credentials.get({ publicKey });
  return credential.toJSON();
}

on('passkey-register-form', 'submit', async () => {
  const options = await api('POST', '/api/v1/auth/passkeys/register/options');
  const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(publicKeyOf(options));
  const credential = await navigator.credentials.create({ publicKey });
  await api('POST', '/api/v1/auth/passkeys/register',
    { credential: credential.toJSON(), name: $('passkey-name').value });
  say('Passkey added.');
  await loadPasskeys();
});

on('passkey-signin', 'click', async () => {
  const email = $('signin-email').value;
  const options = await api('POST', '/api/v1/auth/passkeys/signin/options',
    email ? { email } : {});
  const data = await api('POST', '/api/v1/auth/passkeys/signin',
    { credential: await getCredential(options) });
  await signedIn(data);
});

loadSignedIn().catch(fail);
