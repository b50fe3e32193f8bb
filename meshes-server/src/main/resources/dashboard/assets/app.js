// The app shell: who is signed in, the navigation, and a small hash router (#/workspaces/…) that
// renders one page at a time into <main>. Pages are modules exporting functions that return a node.
import { get, post, whenSignedOut, data } from './api.js';
import { h, show, attempt, clearNotice, notify, showError } from './dom.js';
import { go, leave } from './router.js';
import * as auth from './pages/auth.js';
import * as workspaces from './pages/workspaces.js';
import * as connections from './pages/connections.js';
import * as rules from './pages/rules.js';
import * as events from './pages/events.js';
import * as keys from './pages/keys.js';

const UUID = '([0-9a-fA-F-]{36})';

/** Pattern → page; the captured ids are passed in order, then the query parameters. */
const ROUTES = [
  ['/signin', auth.signIn, { open: true }],
  ['/signup', auth.signUp, { open: true }],
  ['/workspaces', workspaces.list],
  [`/workspaces/${UUID}`, workspaces.detail],
  [`/workspaces/${UUID}/connections/new`, connections.create],
  [`/workspaces/${UUID}/rules/new`, rules.create],
  [`/workspaces/${UUID}/test-event`, events.sendTest],
  [`/workspaces/${UUID}/events`, events.history],
  [`/connections/${UUID}`, connections.detail],
  [`/events/${UUID}`, events.detail],
  ['/keys', keys.list],
].map(([pattern, page, options = {}]) => ({ pattern: new RegExp('^' + pattern + '$'), page, ...options }));

/** The signed-in person, from GET /auth/session, or null. */
let session = null;

async function loadSession() {
  try {
    session = data(await get('/auth/session'));
  } catch (error) {
    session = null;
  }
  renderHeader();
}

window.addEventListener('meshes:signed-in', async (event) => {
  await loadSession();
  go(event.detail);
});

function renderHeader() {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  if (!session) {
    show(nav);
    show(who, h('a', { href: '#/signin' }, 'Sign in'));
    return;
  }
  show(nav, h('a', { href: '#/workspaces' }, 'Workspaces'), h('a', { href: '#/keys' }, 'Keys'));
  show(who, h('span', {}, session.email, ' · ', session.role), ' ',
    h('button', { type: 'button', class: 'small link', onclick: signOut }, 'Sign out'));
}

async function signOut() {
  await attempt(async () => {
    await post('/auth/logout');
    session = null;
    renderHeader();
    go('/signin');
  });
}

// Which render is the latest: a slow page must not replace the one navigated to after it.
let renders = 0;

async function render() {
  const mine = ++renders;
  leave();
  clearNotice();
  const [path, search] = (location.hash.slice(1) || '/workspaces').split('?');
  const params = Object.fromEntries(new URLSearchParams(search || ''));
  const main = document.getElementById('page');
  const route = ROUTES.find((candidate) => candidate.pattern.test(path));
  if (!route) {
    show(main, h('h1', {}, 'Not found'), h('p', {}, 'No page at ', h('code', {}, path), '. ',
      h('a', { href: '#/workspaces' }, 'Back to the workspaces')));
    return;
  }
  if (!route.open && !session) {
    go('/signin?next=' + encodeURIComponent(path));
    return;
  }
  const ids = path.match(route.pattern).slice(1);
  show(main, h('p', { class: 'muted' }, 'Loading…'));
  try {
    const node = await route.page(...ids, params);
    if (node && mine === renders) show(main, node);
  } catch (error) {
    if (mine !== renders) return;
    show(main, h('h1', {}, 'Could not load this page'));
    if (error && error.status !== undefined) {
      showError(error);
    } else {
      notify(String(error), 'error');
      throw error;
    }
  }
}

whenSignedOut(() => {
  session = null;
  renderHeader();
  const path = location.hash.slice(1).split('?')[0];
  if (path !== '/signin' && path !== '/signup') go('/signin?next=' + encodeURIComponent(path));
});

window.addEventListener('hashchange', render);
await loadSession();
await render();
