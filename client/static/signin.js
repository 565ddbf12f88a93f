// The sign-in page (index.html with data-bundle="signin"): the shell's form, sent with
// fetch. No wasm, so a new phone can sign in as soon as the page has painted; the app
// starts after it (a full page load), asks the server who is signed in and keeps the user
// on the device (client/src/session.rs, which also owns the flag set here).
const SIGNED_IN = 'touchstone.signed-in';
// Where each role lands after signing in: `nav::landing` (client/src/nav.rs), written again
// here so an office user goes straight to the office bundle instead of starting the field
// bundle only to be sent on (client/tests/bundles.rs checks the two agree).
const LANDING = { admin: '/review', consultant: '/review', manager: '/scorecards', auditor: '/' };

const shell = document.getElementById('shell');
const form = document.getElementById('signin');
const error = form.querySelector('[role="alert"]');
const button = form.querySelector('button[type="submit"]');
shell.removeAttribute('aria-hidden');
let busy = false;

function setBusy(on) {
  busy = on;
  button.disabled = on;
  button.textContent = on ? 'Signing in\u2026' : 'Sign in';
}

function showError(message) {
  error.textContent = message ?? '';
  error.hidden = message == null;
}

/** What to tell the user about a refused sign-in. */
async function refusal(response) {
  if (response.status === 401) return 'Wrong email or password.';
  if (response.status === 429) return 'Too many attempts. Wait a minute, then try again.';
  const body = await response.json().catch(() => null);
  return body?.error?.message ?? `The server answered ${response.status}. Try again.`;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (busy) return;
  setBusy(true);
  showError(null);
  let response;
  try {
    response = await fetch('/api/v1/auth/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        email: form.elements.email.value.trim(),
        password: form.elements.password.value,
      }),
    });
  } catch {
    showError('No connection. Signing in needs a network once; after that the app works offline.');
    setBusy(false);
    return;
  }
  if (!response.ok) {
    showError(await refusal(response));
    setBusy(false);
    return;
  }
  try {
    localStorage.setItem(SIGNED_IN, '1');
  } catch {
    // No storage (some private modes): index.html then starts the app anyway.
  }
  // From the start page or /login: the role's start page (the login answers `Me`); from
  // any other page, that page. An answer that cannot be read goes to `/`, whose app sends
  // the user on as before.
  const me = await response.json().catch(() => null);
  const start = Object.hasOwn(LANDING, me?.user?.role) ? LANDING[me.user.role] : '/';
  const home = location.pathname === '/' || location.pathname === '/login';
  location.replace(home ? start : location.href);
});
