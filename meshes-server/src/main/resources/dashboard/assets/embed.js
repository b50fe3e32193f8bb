// Embed mode: the shell served by /embed/launch carries its session's public facts in #meshes-embed,
// and the host page gives the access token by postMessage (the protocol of the README's "Embed
// sessions"). The token is kept in this module only: never in storage, cookies or the URL. Outside
// an embed, `embed` is null.

const block = document.getElementById('meshes-embed');

/** The embed session ({session_id, workspace_id, session_type, role, pages, allowed_origins, scopes, …}) or null. */
export const embed = block ? JSON.parse(block.textContent) : null;

const REFRESH_AHEAD_MS = 60000;
// Without allowed_origins only this server's own origin may frame the page (CSP frame-ancestors 'self')
const origins = embed ? (embed.allowed_origins.length ? embed.allowed_origins : [location.origin]) : [];

let token = null;
let host = null; // the origin that sent the token: later messages go to it alone
let timers = [];
let refreshAsked = false;
let handlers = { authenticated() {}, ended() {}, navigate() {} };

export function accessToken() {
  return token;
}

function post(message) {
  const payload = { session_id: embed.session_id, ...message };
  // A message for an origin that is not the parent's is dropped by the browser, never delivered elsewhere
  for (const origin of host ? [host] : origins) window.parent.postMessage(payload, origin);
}

function askRefresh() {
  if (refreshAsked) return;
  refreshAsked = true;
  post({ type: 'meshes:token-refresh' });
}

function expire() {
  token = null;
  timers.forEach(clearTimeout);
  post({ type: 'meshes:token-expired' });
  handlers.ended('The session has expired.');
}

/** The API refused the token (401): it was revoked, expired or replaced; ask the host for a new one. */
export function tokenRefused() {
  token = null;
  timers.forEach(clearTimeout);
  askRefresh();
  handlers.ended('The session has ended or its token was refused.');
}

function accept(message, origin) {
  const expiry = message.expires_at ? Date.parse(message.expires_at)
    : message.expires_in ? Date.now() + message.expires_in * 1000
    // no expiry sent: the first token lives until the launch-time expiry, a refreshed one ttl_seconds
    : host === null ? Date.parse(embed.expires_at) : Date.now() + embed.ttl_seconds * 1000;
  host = origin;
  if (!Number.isFinite(expiry) || expiry <= Date.now()) return expire();
  token = message.access_token;
  refreshAsked = false;
  timers.forEach(clearTimeout);
  timers = [setTimeout(askRefresh, Math.max(0, expiry - Date.now() - REFRESH_AHEAD_MS)),
            setTimeout(expire, expiry - Date.now())];
  handlers.authenticated();
}

/** Tells the host which page is shown now. */
export function reportNavigation(page) {
  post({ type: 'meshes:navigate', page });
}

/**
 * Starts the protocol: listens to the host (only the parent, only allowed origins), reports the
 * content height, and says meshes:ready.
 * @param callbacks authenticated(): a token arrived; ended(message): it is gone; navigate(page): the host asks
 */
export function start(callbacks) {
  handlers = callbacks;
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent || !origins.includes(event.origin)) return;
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'meshes:auth' && typeof message.access_token === 'string') accept(message, event.origin);
    else if (message.type === 'meshes:navigate' && event.origin === host && embed.pages.includes(message.page)) {
      handlers.navigate(message.page);
    }
  });
  let height = 0;
  new ResizeObserver(() => {
    const now = document.documentElement.scrollHeight;
    if (now !== height) {
      height = now;
      post({ type: 'meshes:resize', height });
    }
  }).observe(document.body);
  post({ type: 'meshes:ready' });
}
