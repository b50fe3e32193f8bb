// Workspaces: the list, creation, and one workspace's page (rename, publishable key shown and
// rotated, and the way into its connections, rules, events and test events).
import { get, post, put, query } from '../api.js';
import { h, show, form, field, when, table, attempt, notify, copyButton } from '../dom.js';
import { go } from '../router.js';
import { pager } from './paging.js';
import { can } from '../abilities.js';
import * as connections from './connections.js';
import * as rules from './rules.js';

export async function list() {
  const rows = h('tbody');
  const section = h('section', {},
    h('h1', {}, 'Workspaces'),
    table(['Name', 'Description', 'Created'], rows),
    // hidden, not left out, for a role that cannot use them: shown by force, the API answers 403
    h('h2', { hidden: !can('manage') }, 'New workspace'),
    form({ id: 'new-workspace', class: 'inline', hidden: !can('manage') }, [
      field('Name', h('input', { name: 'name', required: true, minlength: 3, maxlength: 50,
        pattern: '[A-Za-z0-9 _\\-]+', title: '3–50 letters, digits, spaces, _ or -' })),
      field('Description', h('input', { name: 'description' })),
      h('button', { type: 'submit', class: 'primary' }, 'Create workspace'),
    ], async (values) => {
      const created = await post('/api/v1/workspaces', {
        name: values.name.trim(), description: values.description.trim() || undefined,
      });
      go('/workspaces/' + created.workspace.id);
    }));
  const { more } = pager(rows, (cursor) => get('/api/v1/workspaces' + query({ cursor })),
    (workspace) => h('tr', {},
      h('td', {}, h('a', { href: '#/workspaces/' + workspace.id }, workspace.name)),
      h('td', {}, workspace.description || ''),
      h('td', {}, when(workspace.created_at))),
    'No workspace yet: create the first one below.', 3);
  section.querySelector('table').after(more);
  return section;
}

export async function detail(id) {
  const workspace = await get('/api/v1/workspaces/' + id);
  const keyBox = h('div', { class: 'card', id: 'publishable-key' });
  const section = h('section', {},
    h('p', { class: 'crumbs' }, h('a', { href: '#/workspaces' }, 'Workspaces'), ' / ', workspace.name),
    h('h1', {}, workspace.name),
    tabs(id),
    h('h2', { hidden: !can('manage') }, 'Settings'),
    form({ id: 'rename', class: 'inline', hidden: !can('manage') }, [
      field('Name', h('input', { name: 'name', value: workspace.name, required: true, minlength: 3, maxlength: 50 })),
      field('Description', h('input', { name: 'description', value: workspace.description || '' })),
      h('button', { type: 'submit' }, 'Save'),
    ], async (values) => {
      await put('/api/v1/workspaces/' + id, { name: values.name.trim(), description: values.description.trim() || null });
      notify('Saved', 'ok');
      go('/workspaces/' + id);
    }),
    h('h2', {}, 'Publishable key'),
    h('p', { class: 'muted' }, 'For sending events from browsers and apps (header X-Meshes-Publishable-Key); it can only send events.'),
    keyBox,
    h('h2', {}, 'Connections'),
    can('manage') ? h('p', {}, h('a', { class: 'button', href: `#/workspaces/${id}/connections/new` }, 'Add connection')) : null,
    connections.listFor(id),
    h('h2', {}, 'Rules'),
    can('manage') ? h('p', {}, h('a', { class: 'button', href: `#/workspaces/${id}/rules/new` }, 'New rule')) : null,
    rules.listFor(id));
  await showKey(id, keyBox);
  return section;
}

/** The links every page of a workspace shares. */
export function tabs(id) {
  return h('nav', { class: 'tabs' },
    h('a', { href: '#/workspaces/' + id }, 'Overview'),
    h('a', { href: '#/workspaces/' + id + '/events' }, 'Events'),
    h('a', { href: '#/workspaces/' + id + '/test-event', class: 'button' }, 'Send test event'));
}

async function showKey(id, box) {
  const key = await get(`/api/v1/workspaces/${id}/publishable-key`);
  const value = h('code', { class: 'secret' }, key.public_key);
  show(box,
    h('div', {}, value, ' ', copyButton(key.public_key, value)),
    key.previous_public_key
      ? h('p', { class: 'muted' }, 'Previous key ', h('code', {}, key.previous_public_key), ' works until ', when(key.previous_expires_at))
      : null,
    form({ id: 'rotate-publishable-key', class: 'inline', hidden: !can('manage') }, [
      field('Grace period (seconds)', h('input', { name: 'grace', type: 'number', min: 0, max: 604800, value: 0 }),
        'How long the old key keeps working'),
      h('button', { type: 'submit' }, 'Rotate key'),
    ], async (values) => {
      if (!confirm('Rotate the publishable key? Apps using it must be updated.')) return;
      await post(`/api/v1/workspaces/${id}/publishable-key/rotate`, { grace_period_seconds: Number(values.grace || 0) });
      notify('Publishable key rotated', 'ok');
      await attempt(() => showKey(id, box));
    }));
}
