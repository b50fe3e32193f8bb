// Connections: a type picked from the integrations catalog, its settings as a form generated from
// the type's declared fields, "Connect with …" for OAuth types, and one connection's page (active
// state and why not, settings, re-authorize, delete, field mapping). The same pages serve an
// embedded workspace session's connections page.
import { get, post, put, del, query } from '../api.js';
import { h, show, form, field, badge, when, attempt, notify, table } from '../dom.js';
import { go } from '../router.js';
import { pager } from './paging.js';
import { mappingEditor } from './mapping.js';
import { can } from '../abilities.js';
import { embed } from '../embed.js';

/** Where a connection's neighbours are: the dashboard's workspace pages, or an embedded session's own. */
export const paths = {
  home: (workspaceId) => (can('workspace-pages') ? '/workspaces/' + workspaceId : '/connections'),
  create: (workspaceId, type) => (can('workspace-pages') ? `/workspaces/${workspaceId}/connections/new` : '/connections/new')
    + (type ? '?type=' + encodeURIComponent(type) : ''),
  newRule: (workspaceId, connectionId) => (can('workspace-pages') ? `/workspaces/${workspaceId}/rules/new` : '/rules/new')
    + '?connection=' + connectionId,
};

/** The catalog, read once per page load: it only changes with the server's version. */
let catalog = null;

export async function integrations() {
  if (!catalog) {
    const page = await get('/api/v1/integrations' + query({ limit: 200 }));
    catalog = page.records;
  }
  return catalog;
}

/** The connections of a workspace, for its overview. */
export function listFor(workspaceId) {
  const rows = h('tbody');
  const { more } = pager(rows, (cursor) => get(`/api/v1/workspaces/${workspaceId}/connections` + query({ cursor })),
    (c) => h('tr', {},
      h('td', {}, can('connections') ? h('a', { href: '#/connections/' + c.id }, c.name) : c.name),
      h('td', {}, c.type),
      h('td', {}, activeState(c))),
    'No connection yet.', 3);
  return h('div', { id: 'connections' }, table(['Name', 'Type', 'State'], rows), more);
}

export function activeState(connection) {
  return connection.active ? badge('active')
    : h('span', {}, badge('inactive'), ' ', h('span', { class: 'reason' }, connection.inactive_reason || 'switched off'));
}

export async function create(workspaceId, params) {
  const types = await integrations();
  const chosen = types.find((t) => t.type === params.type) || types.find((t) => t.type === 'webhook') || types[0];
  const body = h('div');
  const picker = h('select', { name: 'type', id: 'connection-type',
    onchange: (event) => go(paths.create(workspaceId, event.target.value)) },
    types.map((t) => h('option', { value: t.type, selected: t.type === chosen.type }, t.name)));
  const section = h('section', {},
    h('p', { class: 'crumbs' }, h('a', { href: '#' + paths.home(workspaceId) }, can('workspace-pages') ? 'Workspace'
      : 'Connections'), ' / New connection'),
    h('h1', {}, 'New connection'),
    field('Type', picker),
    body);
  if (isOAuth(chosen)) {
    show(body, form({ id: 'oauth-connect' }, [
      field('Name', h('input', { name: 'name', required: true, value: connectionName(chosen) })),
      h('button', { type: 'submit', class: 'primary' }, 'Connect with ' + chosen.name),
    ], async (values) => {
      await authorize(chosen, { workspace: workspaceId, name: values.name });
    }), h('p', { class: 'muted' }, embed ? `A window of ${chosen.name} opens to allow access, then closes.`
      : `You will be sent to ${chosen.name} to allow access, then back here.`));
  } else {
    const settings = settingsFields(chosen, {});
    show(body, form({ id: 'new-connection' }, [
      field('Name', h('input', { name: '__name', required: true, value: connectionName(chosen) })),
      settings.element,
      h('button', { type: 'submit', class: 'primary' }, 'Create connection'),
    ], async (values) => {
      const created = await post('/api/v1/connections', {
        workspace: workspaceId, type: chosen.type, name: values.__name, metadata: settings.metadata(),
      });
      go('/connections/' + created.connection.id);
    }));
  }
  oauthOutcome(params, chosen.name);
  return section;
}

/**
 * The dashboard's window itself goes to start (the cookie authenticates a GET) with redirect=true:
 * the server sends it on to the vendor, and the vendor's return comes back to this dashboard, to the
 * connection's page, or, refused, to where it started with the reason (oauth_error). Embedded,
 * the vendor's page would refuse to be framed: it opens in a window of its own (popup=true).
 */
async function authorize(integration, params) {
  const start = `/api/v1/connections/oauth/${encodeURIComponent(integration.type)}/start`;
  if (!embed) {
    location.assign(start + query({ ...params, redirect: 'true' }));
    return;
  }
  // Opened at the click, before any await, so the browser does not take it for an unasked pop-up
  const popup = window.open('', 'meshes-oauth', 'popup,width=640,height=760');
  if (!popup) {
    throw new Error(`The browser did not open ${integration.name}'s window: allow pop-ups for this page `
      + '(a sandboxed frame needs allow-popups).');
  }
  let started;
  try {
    started = await get(start + query({ ...params, popup: 'true' }));
  } catch (error) {
    popup.close();
    throw error;
  }
  popup.location.href = started.authorize_url;
  notify(`Waiting for ${integration.name}: allow access in the window that opened.`);
  whenPopupEnds(popup, (outcome) => {
    if (!outcome) {
      notify(`${integration.name}'s window closed without telling this page how it ended: if you allowed access, `
        + 'the connection is in the list.', 'error');
    } else if (outcome.error) {
      notify(`Connecting with ${integration.name} did not complete: ${outcome.error}`, 'error');
    } else {
      go(`/connections/${outcome.connection_id}?connected=${encodeURIComponent(integration.type)}`);
    }
  });
}

/**
 * Calls back once with the message of /oauth/complete in the window we opened (from this origin and
 * that window only), or with null when the window closes without one.
 */
function whenPopupEnds(popup, callback) {
  const poll = setInterval(() => {
    if (popup.closed) setTimeout(() => end(null), 500); // a message posted as it closed still arrives first
  }, 1000);
  function listen(event) {
    const message = event.data;
    if (event.origin === location.origin && event.source === popup && message && message.type === 'meshes:oauth-complete') {
      end(message);
    }
  }
  let ended = false;
  function end(outcome) {
    if (ended) return;
    ended = true;
    clearInterval(poll);
    window.removeEventListener('message', listen);
    callback(outcome);
  }
  window.addEventListener('message', listen);
}

/**
 * /oauth/complete: where the callback sends the window the embedded dashboard opened. It tells that
 * page (its opener, on this origin only) how the flow ended, and closes.
 */
export async function oauthComplete(params) {
  const outcome = { type: 'meshes:oauth-complete', connection_type: params.type || null,
    connection_id: /^[0-9a-f-]{36}$/.test(params.connection || '') ? params.connection : null,
    error: params.oauth_error || (params.connection ? null : 'no connection was made') };
  const told = Boolean(window.opener);
  if (told) {
    window.opener.postMessage(outcome, location.origin);
    setTimeout(() => window.close(), 300);
  }
  return h('section', { id: 'oauth-complete' },
    h('h1', {}, outcome.error ? 'Not connected' : 'Connected'),
    h('p', {}, outcome.error || 'The connection is saved.'),
    h('p', { class: 'muted' }, told ? 'This window closes by itself.' : 'You can close this window and go back.'));
}

/** What the OAuth return said: shown as text, as anyone could make such a link. */
function oauthOutcome(params, name) {
  if (params.oauth_error) notify(`Connecting with ${name} did not complete: ${params.oauth_error}`, 'error');
  else if (params.connected) notify(`Connected with ${name}`, 'ok');
}

/** The type's name as a first connection name, without the characters a name may not hold (Customer.io's dot). */
function connectionName(integration) {
  return integration.name.replace(/[^A-Za-z0-9 _-]+/g, ' ').trim() || integration.type;
}

function isOAuth(integration) {
  return integration.authentication && integration.authentication.type === 'oauth';
}

/**
 * The inputs of a type's declared fields ({label, key, type, helpText, required, options,
 * defaultValue, dependsOn}), and how to read them back as nested metadata. A field that depends on
 * another is shown only while that one has a value it depends on.
 */
function declaredFields(integration) {
  return (integration.authentication && integration.authentication.fields) || [];
}

function settingsFields(integration, current) {
  const declared = declaredFields(integration);
  const inputs = new Map();
  const wrappers = new Map();
  const container = h('fieldset', { class: 'settings' }, h('legend', {}, 'Settings'));
  for (const spec of declared) {
    const value = valueAt(current, spec.key);
    const initial = value !== undefined && value !== null
      ? (typeof value === 'object' ? JSON.stringify(value) : String(value))
      : (spec.defaultValue !== undefined ? String(spec.defaultValue) : '');
    const name = 'setting:' + spec.key;
    let input;
    if (spec.type === 'select') {
      input = h('select', { name }, spec.required ? null : h('option', { value: '' }, '—'),
        (spec.options || []).map((o) => h('option', { value: o.value, selected: o.value === initial }, o.label)));
    } else if (spec.type === 'textarea') {
      input = h('textarea', { name, rows: 3 }, initial);
    } else {
      input = h('input', { name, type: spec.type === 'password' ? 'password' : spec.validate === 'url' ? 'url' : 'text',
        value: initial, autocomplete: 'off' });
    }
    input.addEventListener('change', refresh);
    inputs.set(spec.key, input);
    const wrapper = field(spec.label + (spec.required ? ' *' : ''), input, spec.helpText);
    wrapper.dataset.key = spec.key;
    wrappers.set(spec.key, wrapper);
    container.append(wrapper);
  }
  function applies(spec) {
    if (!spec.dependsOn) return true;
    const other = inputs.get(spec.dependsOn.field);
    const wanted = [].concat(spec.dependsOn.value);
    return other !== undefined && wanted.includes(other.value);
  }
  function refresh() {
    for (const spec of declared) {
      const on = applies(spec);
      wrappers.get(spec.key).hidden = !on;
      inputs.get(spec.key).required = on && spec.required && spec.type !== 'select';
    }
  }
  refresh();
  return {
    element: declared.length ? container : null,
    metadata() {
      const metadata = {};
      for (const spec of declared) {
        const raw = inputs.get(spec.key).value.trim();
        if (!applies(spec) || raw === '') continue;
        setAt(metadata, spec.key, typed(spec, raw));
      }
      return metadata;
    },
  };
}

/**
 * A setting as the API takes it. The catalog declares every field as text, but skip_url_test is a
 * boolean and some settings (the webhook's headers) are JSON objects: text that reads as a JSON
 * object is sent as one; anything else is sent as typed, for the API to accept or name.
 */
function typed(spec, raw) {
  if (spec.key === 'skip_url_test') return raw === 'true';
  if (spec.type === 'text' || spec.type === 'textarea') {
    if (raw.startsWith('{')) {
      try {
        const parsed = JSON.parse(raw);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
      } catch (e) {
        // not JSON: sent as text, and the API says what it expected
      }
    }
  }
  return raw;
}

function valueAt(object, path) {
  return path.split('.').reduce((node, key) => (node && typeof node === 'object' ? node[key] : undefined), object);
}

function setAt(object, path, value) {
  const keys = path.split('.');
  let node = object;
  for (const key of keys.slice(0, -1)) node = node[key] = node[key] && typeof node[key] === 'object' ? node[key] : {};
  node[keys[keys.length - 1]] = value;
}

export async function detail(id, params = {}) {
  const connection = await get('/api/v1/connections/' + id);
  const types = await integrations();
  const integration = types.find((t) => t.type === connection.type);
  const section = h('section', {},
    h('p', { class: 'crumbs' }, h('a', { href: '#' + paths.home(connection.workspace) }, can('workspace-pages')
      ? 'Workspace' : 'Connections'), ' / ', connection.name),
    h('h1', {}, connection.name, ' ', h('small', { class: 'muted' }, connection.type)),
    h('p', { id: 'connection-state' }, activeState(connection), ' · created ', when(connection.created_at)),
    h('div', { class: 'actions', id: 'connection-actions', hidden: !can('manage') },
      h('button', { type: 'button', onclick: () => attempt(async () => {
        await put('/api/v1/connections/' + id, { active: !connection.active });
        go('/connections/' + id);
      }) }, connection.active ? 'Switch off' : 'Switch on'),
      integration && isOAuth(integration)
        ? h('button', { type: 'button', onclick: () => attempt(() => authorize(integration, { connection: id })) },
          'Re-authorize with ' + integration.name)
        : null,
      can('rule-form') ? h('a', { class: 'button', href: '#' + paths.newRule(connection.workspace, id) }, 'New rule') : null,
      h('button', { type: 'button', class: 'danger', onclick: () => remove(connection) }, 'Delete')));
  // Every type's settings, OAuth ones too: their tokens are kept apart, but a type may declare
  // fields of its own (Intercom's workspace region), and any connection may be renamed.
  if (integration) {
    const settings = settingsFields(integration, connection.metadata || {});
    const secrets = declaredFields(integration).some((spec) => spec.type === 'password');
    section.append(h('h2', { hidden: !can('manage') }, 'Settings'), form({ id: 'edit-connection', hidden: !can('manage') }, [
      field('Name', h('input', { name: '__name', required: true, value: connection.name })),
      settings.element,
      secrets ? h('p', { class: 'muted' }, 'Secrets show as ******** : leave them so to keep them.') : null,
      h('button', { type: 'submit', class: 'primary' }, 'Save'),
    ], async (values) => {
      await put('/api/v1/connections/' + id, { name: values.__name, metadata: settings.metadata() });
      notify('Saved', 'ok');
    }));
  }
  section.append(h('h2', {}, 'Field mapping'), await mappingEditor(connection));
  oauthOutcome(params, integration ? integration.name : connection.type);
  return section;
}

async function remove(connection) {
  if (!confirm(`Delete the connection ${connection.name}?`)) return;
  await attempt(async () => {
    try {
      await del('/api/v1/connections/' + connection.id, {});
    } catch (error) {
      if (error.status !== 409 || !confirm(error.message + '\nDelete it and stop its rules anyway?')) throw error;
      await del('/api/v1/connections/' + connection.id, { force_delete: true });
    }
    go(paths.home(connection.workspace));
  });
}
