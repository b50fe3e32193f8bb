// Machine keys: the list, creation with scopes and workspaces, the secret shown once with a copy
// button, rotation with a grace period, revocation.
import { get, post, del, query } from '../api.js';
import { h, show, form, field, badge, when, attempt, table, copyButton } from '../dom.js';
import { pager } from './paging.js';
import { can } from '../abilities.js';

const RESOURCES = ['workspaces', 'connections', 'rules', 'events', 'keys'];

export async function list() {
  const workspaces = await get('/api/v1/workspaces' + query({ limit: 200 }));
  const secretBox = h('div', { id: 'secret-once' });
  const rows = h('tbody');
  const keys = pager(rows, (cursor) => get('/api/v1/keys' + query({ cursor })), (key) => keyRow(key, secretBox, keys),
    'No machine key yet.', 6);
  const scopeBoxes = h('div', { class: 'checks' },
    RESOURCES.map((r) => h('div', {}, h('span', { class: 'scope-name' }, r),
      ['read', 'write'].map((mode) => h('label', {}, h('input', { type: 'checkbox', name: 'scopes', value: `${r}:${mode}` }), ' ' + mode)))),
    h('div', {}, h('label', {}, h('input', { type: 'checkbox', name: 'scopes', value: 'admin' }), ' admin (everything)')));
  const workspaceBoxes = h('div', { class: 'checks' },
    workspaces.records.map((w) => h('label', {}, h('input', { type: 'checkbox', name: 'workspaces', value: w.id }), ' ' + w.name)),
    h('small', { class: 'muted' }, 'None checked: every workspace.'));
  return h('section', {},
    h('h1', {}, 'Machine keys'),
    h('p', { class: 'muted' }, 'For servers calling the API with a machine JWT. The secret is shown once, when it is made.'),
    secretBox,
    table(['Name', 'Access key', 'Scopes', 'Status', 'Created', ''], rows),
    keys.more,
    // hidden, not left out, for a role that cannot make keys: shown by force, its request gets the API's 403
    h('h2', { hidden: !can('manage') }, 'New key'),
    form({ id: 'new-key', hidden: !can('manage') }, [
      field('Name', h('input', { name: 'name', required: true })),
      h('fieldset', {}, h('legend', {}, 'Scopes'), scopeBoxes),
      h('fieldset', {}, h('legend', {}, 'Workspaces'), workspaceBoxes),
      field('Expires at (optional)', h('input', { name: 'expires_at', type: 'datetime-local' })),
      h('button', { type: 'submit', class: 'primary' }, 'Create key'),
    ], async (values) => {
      const scopes = values.scopes || [];
      const workspaces = values.workspaces || []; // no checkbox at all before the first workspace
      if (!scopes.length) throw new Error('Choose at least one scope');
      const created = await post('/api/v1/keys', {
        name: values.name.trim(), scopes,
        workspaces: workspaces.length ? workspaces : undefined,
        expires_at: values.expires_at ? new Date(values.expires_at).toISOString() : undefined,
      });
      showSecretOnce(secretBox, created.key);
      await keys.reload();
    }));
}

function keyRow(key, secretBox, keys) {
  const usable = key.status === 'active' && can('manage');
  return h('tr', { 'data-id': key.id },
    h('td', {}, key.name),
    h('td', {}, h('code', {}, key.access_key)),
    h('td', { class: 'scopes' }, key.scopes.join(' '), key.workspaces ? h('div', { class: 'muted' }, `${key.workspaces.length} workspace(s)`) : null),
    h('td', {}, badge(key.status), key.previous_secret_expires_at ? h('div', { class: 'muted' }, 'old secret until ', when(key.previous_secret_expires_at)) : null),
    h('td', {}, when(key.created_at)),
    h('td', { class: 'row-actions' },
      usable ? h('button', { type: 'button', class: 'small', onclick: () => attempt(async () => {
        const grace = prompt('Rotate the secret. Seconds the old secret keeps working:', '3600');
        if (grace === null) return;
        const rotated = await post(`/api/v1/keys/${key.id}/rotate`, { grace_period_seconds: Number(grace) || 0 });
        showSecretOnce(secretBox, rotated);
        await keys.reload();
      }) }, 'Rotate') : null,
      usable ? h('button', { type: 'button', class: 'small danger', onclick: () => attempt(async () => {
        if (!confirm(`Revoke ${key.name}? It stops working at once.`)) return;
        await del('/api/v1/keys/' + key.id);
        await keys.reload();
      }) }, 'Revoke') : null));
}

/** The one time a secret is shown: it is not kept anywhere, and a reload will not show it again. */
function showSecretOnce(box, issued) {
  const secret = h('code', { class: 'secret', id: 'secret-value' }, issued.secret_key);
  show(box, h('div', { class: 'card once' },
    h('strong', {}, `Secret of ${issued.name} — copy it now, it will not be shown again.`),
    h('div', {}, 'Access key ', h('code', {}, issued.access_key)),
    h('div', {}, 'Secret ', secret, ' ', copyButton(issued.secret_key, secret)),
    h('button', { type: 'button', class: 'small link', onclick: () => box.replaceChildren() }, 'I have stored it')));
}
