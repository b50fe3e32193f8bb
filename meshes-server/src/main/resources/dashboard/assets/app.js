// The app shell: who is signed in, the navigation, and a small hash router (#/workspaces/…) that
// renders one page at a time into <main>. Pages are modules exporting functions that return a node.
// Embedded (served by /embed/launch) the same shell shows only its session's pages, signed in by
// the host page's token instead of a person's cookie.
import { get, post, whenSignedOut, data } from './api.js';
import { h, show, attempt, clearNotice, notify, showError } from './dom.js';
import { go, leave } from './router.js';
import * as auth from './pages/auth.js';
import * as workspaces from './pages/workspaces.js';
import * as connections from './pages/connections.js';
import * as rules from './pages/rules.js';
import * as events from './pages/events.js';
import * as keys from './pages/keys.js';
import * as members from './pages/members.js';
import * as embedded from './pages/embedded.js';
import { embed, accessToken, start as startEmbed, reportNavigation } from './embed.js';
import { can, setRole } from './abilities.js';

const UUID = '([0-9a-fA-F-]{36})';

/** Pattern → page; the captured ids are passed in order, then the query parameters. */
const DASHBOARD_ROUTES = [
  ['/signin', auth.signIn, { open: true }],
  ['/signup', auth.signUp, { open: true }],
  ['/invitations/accept', auth.acceptInvitation, { open: true }],
  ['/oauth/complete', connections.oauthComplete, { open: true }],
  ['/workspaces', workspaces.list],
  [`/workspaces/${UUID}`, workspaces.detail],
  [`/workspaces/${UUID}/connections/new`, connections.create],
  [`/workspaces/${UUID}/rules/new`, rules.create],
  [`/workspaces/${UUID}/test-event`, events.sendTest],
  [`/workspaces/${UUID}/events`, events.history],
  [`/connections/${UUID}`, connections.detail],
  [`/events/${UUID}`, events.detail],
  ['/keys', keys.list],
  ['/members', members.list],
];

/** Embedded: each route belongs to one of the pages a session may be given; only its own are routed. */
const EMBED_ROUTES = [
  ['/dashboard', embedded.dashboard, { top: 'dashboard' }],
  ['/rules', embedded.ruleList, { top: 'rules' }],
  ['/rules/new', embedded.newRule, { top: 'rules' }],
  ['/connections', embedded.connectionList, { top: 'connections' }],
  ['/connections/new', embedded.newConnection, { top: 'connections' }],
  [`/connections/${UUID}`, connections.detail, { top: 'connections' }],
  ['/events', (params) => events.history(embed.workspace_id, params), { top: 'events' }],
  [`/events/${UUID}`, events.detail, { top: 'events' }],
];

const ROUTES = (embed ? EMBED_ROUTES.filter(([, , { top }]) => embed.pages.includes(top)) : DASHBOARD_ROUTES)
  .map(([pattern, page, options = {}]) => ({ pattern: new RegExp('^' + pattern + '$'), page, ...options }));

const HOME = embed ? '/' + embed.launch_page : '/workspaces';

/** The signed-in person, from GET /auth/session, or null. */
let session = null;

async function loadSession() {
  try {
    session = data(await get('/auth/session'));
  } catch (error) {
    session = null;
  }
  setRole(session && session.role);
  renderHeader();
}

window.addEventListener('meshes:signed-in', async (event) => {
  await loadSession();
  go(event.detail);
});

const title = (page) => page.charAt(0).toUpperCase() + page.slice(1);

function renderHeader() {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  if (embed) {
    document.querySelector('.brand').setAttribute('href', '#' + HOME);
    show(nav, embed.pages.map((page) => h('a', { href: '#/' + page, id: 'nav-' + page }, title(page))));
    show(who, embed.resource ? `${embed.resource} / ${embed.resource_id}` : embed.session_type, ' · ', embed.role);
    return;
  }
  if (!session) {
    show(nav);
    show(who, h('a', { href: '#/signin' }, 'Sign in'));
    return;
  }
  show(nav, h('a', { href: '#/workspaces' }, 'Workspaces'), h('a', { href: '#/keys' }, 'Keys'),
    can('members') ? h('a', { href: '#/members' }, 'Members') : null);
  show(who, h('span', {}, session.email, ' · ', session.role), ' ',
    h('button', { type: 'button', class: 'small link', onclick: signOut }, 'Sign out'));
}

async function signOut() {
  await attempt(async () => {
    await post('/auth/logout');
    session = null;
    setRole(null);
    renderHeader();
    go('/signin');
  });
}

// Which render is the latest: a slow page must not replace the one navigated to after it.
let renders = 0;
/** The embedded page last reported to the host (meshes:navigate). */
let reported = null;

async function render() {
  const mine = ++renders;
  leave();
  clearNotice();
  const [path, search] = (location.hash.slice(1) || HOME).split('?');
  const params = Object.fromEntries(new URLSearchParams(search || ''));
  const main = document.getElementById('page');
  const route = ROUTES.find((candidate) => candidate.pattern.test(path));
  if (!route) {
    show(main, h('h1', {}, 'Not found'), h('p', {}, embed ? 'This page is not available here' : ['No page at ',
      h('code', {}, path)], '. ', h('a', { href: '#' + HOME }, embed ? 'Back' : 'Back to the workspaces')));
    return;
  }
  if (embed) {
    if (!accessToken()) return; // the waiting or signed-out state stays until the host sends a token
    if (route.top !== reported) reportNavigation(reported = route.top);
  } else if (!route.open && !session) {
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

/** Embedded and without a token: what the page shows while the host page has not (or no longer) signed it in. */
function signedOut(message) {
  leave();
  show(document.getElementById('page'), h('section', { id: 'signed-out' }, h('h1', {}, 'Signed out'),
    h('p', {}, message, ' Waiting for the host page to sign in again.')));
}

whenSignedOut(() => {
  session = null;
  setRole(null);
  renderHeader();
  const path = location.hash.slice(1).split('?')[0];
  if (!ROUTES.some((route) => route.open && route.pattern.test(path))) go('/signin?next=' + encodeURIComponent(path));
});

window.addEventListener('hashchange', render);
if (embed) {
  document.body.classList.add('embed');
  renderHeader();
  show(document.getElementById('page'), h('p', { class: 'muted', id: 'waiting' }, 'Waiting for the host page…'));
  startEmbed({ authenticated: render, ended: signedOut, navigate: (page) => go('/' + page) });
} else {
  await loadSession();
  await render();
}
