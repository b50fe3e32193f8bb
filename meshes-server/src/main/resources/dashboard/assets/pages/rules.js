// Rules: which event (and resource) goes to which connection's action, with the action's data
// picked from the connection's live lists (HubSpot lists, Slack channels, …).
import { get, post, del, query } from '../api.js';
import { h, show, form, field, badge, attempt, table } from '../dom.js';
import { go } from '../router.js';
import { pager } from './paging.js';
import { integrations, paths } from './connections.js';
import { can } from '../abilities.js';

/** The rules of a workspace, for its overview. */
export function listFor(workspaceId) {
  const rows = h('tbody');
  const { more } = pager(rows, (cursor) => get(`/api/v1/workspaces/${workspaceId}/rules` + query({ cursor })),
    (rule) => h('tr', {},
      h('td', {}, h('code', {}, rule.event)),
      h('td', {}, rule.resource || 'any', rule.resource_id ? ' / ' + rule.resource_id : ''),
      h('td', {}, can('connections') ? h('a', { href: '#/connections/' + rule.connection }, rule.type) : rule.type,
        ' → ', (rule.metadata || {}).action || ''),
      h('td', {}, badge(rule.active ? 'active' : 'inactive')),
      h('td', { class: 'row-actions' },
        !can('workspace-pages') ? null : h('a', { class: 'button small', href: `#/workspaces/${workspaceId}/test-event`
          + query({ event: rule.event, resource: rule.resource, resource_id: rule.resource_id }) }, 'Send test event'),
        !can('manage') ? null : h('button', { type: 'button', class: 'small danger', onclick: () => attempt(async () => {
          if (!confirm(`Delete the rule for ${rule.event}?`)) return;
          await del('/api/v1/rules/' + rule.id);
          go(can('workspace-pages') ? '/workspaces/' + workspaceId : '/rules');
        }) }, 'Delete'))),
    'No rule yet.', 5);
  return h('div', { id: 'rules' }, table(['Event', 'Resource', 'Sends to', 'State', ''], rows), more);
}

/** The names a workspace's events carried or its rules use, as suggestions for an input. */
export async function suggestions(workspaceId, kind, id) {
  const names = await get(`/api/v1/workspaces/${workspaceId}/${kind}`);
  return h('datalist', { id }, names.map((entry) => h('option', { value: entry.key }, entry.label || entry.key)));
}

export async function create(workspaceId, params) {
  const [connections, types, eventTypes, resources] = await Promise.all([
    get(`/api/v1/workspaces/${workspaceId}/connections` + query({ limit: 200 })),
    integrations(),
    suggestions(workspaceId, 'event-types', 'event-names'),
    suggestions(workspaceId, 'resources', 'resource-names'),
  ]);
  // Embedded, the form is the session's rules page's; in the dashboard, its workspace's.
  const home = can('workspace-pages') ? '/workspaces/' + workspaceId : '/rules';
  const section = h('section', {},
    h('p', { class: 'crumbs' }, h('a', { href: '#' + home }, can('workspace-pages') ? 'Workspace' : 'Rules'), ' / New rule'),
    h('h1', {}, 'New rule'));
  if (!connections.records.length) {
    section.append(h('p', { id: 'no-connection' }, 'A rule sends events to a connection: ', can('connection-form')
      ? h('a', { href: '#' + paths.create(workspaceId) }, 'add a connection first')
      : 'this workspace has none yet', '.'));
    return section;
  }
  const connectionSelect = h('select', { name: 'connection', id: 'rule-connection', required: true },
    connections.records.map((c) => h('option', { value: c.id, selected: c.id === params.connection }, `${c.name} (${c.type})`)));
  const actionSelect = h('select', { name: 'action', id: 'rule-action', required: true });
  const actionData = h('div', { class: 'action-data' });
  let inputs = [];

  async function connectionChanged() {
    const connection = connections.records.find((c) => c.id === connectionSelect.value);
    const integration = types.find((t) => t.type === connection.type);
    const actions = Object.values((integration && integration.actions) || {});
    show(actionSelect, actions.map((a) => h('option', { value: a.key }, a.label || a.key)));
    await actionChanged();
  }

  // The connection and action whose inputs are shown (or being read): choosing them again keeps
  // what was picked, and of two quick changes the last one is shown.
  let shown = null;

  async function actionChanged() {
    const connection = connections.records.find((c) => c.id === connectionSelect.value);
    const wanted = connection.id + ' ' + actionSelect.value;
    if (wanted === shown) return;
    shown = wanted;
    const integration = types.find((t) => t.type === connection.type);
    const action = ((integration && integration.actions) || {})[actionSelect.value];
    const descriptors = (action && action.data) || [];
    let live = {};
    try {
      if (descriptors.some((d) => d.kind !== 'field')) live = await get(`/api/v1/connections/${connection.id}/actions`);
    } catch (error) {
      if (wanted === shown) shown = null; // choosing it again reads the vendor again
      throw error;
    }
    if (wanted !== shown) return;
    const readers = [];
    show(actionData, descriptors.map((descriptor) => dataInput(descriptor, live, readers)));
    inputs = readers;
  }

  connectionSelect.addEventListener('change', () => attempt(connectionChanged));
  actionSelect.addEventListener('change', () => attempt(actionChanged));
  section.append(eventTypes, resources, form({ id: 'new-rule' }, [
    field('Event', h('input', { name: 'event', required: true, list: 'event-names', value: params.event || '',
      placeholder: 'e.g. user.signup' }), 'The event name; suggestions are the names this workspace has seen'),
    field('Resource (optional)', h('input', { name: 'resource', list: 'resource-names' }), 'Only events about this resource'),
    field('Resource id (optional)', h('input', { name: 'resource_id' })),
    field('Connection', connectionSelect),
    field('Action', actionSelect),
    actionData,
    h('button', { type: 'submit', class: 'primary' }, 'Create rule'),
  ], async (values) => {
    const metadata = { action: values.action };
    for (const read of inputs) Object.assign(metadata, read());
    await post('/api/v1/rules', {
      workspace: workspaceId, connection: values.connection, event: values.event.trim(),
      resource: values.resource.trim() || undefined, resource_id: values.resource_id.trim() || undefined, metadata,
    });
    go(home);
  }));
  await connectionChanged();
  return section;
}

/**
 * One input of an action (§5.9 descriptors): kind "simple" picks an item of the live data, "field"
 * is typed in, "advanced" picks an item and then one of its options. Pushes a reader of its value.
 */
function dataInput(descriptor, live, inputs) {
  const items = live[descriptor.key] || [];
  if (descriptor.kind === 'field') {
    const input = descriptor.type === 'textarea'
      ? h('textarea', { name: 'data:' + descriptor.field, rows: 3, required: descriptor.required, placeholder: descriptor.placeholder })
      : h('input', { name: 'data:' + descriptor.field, required: descriptor.required, placeholder: descriptor.placeholder });
    inputs.push(() => (input.value.trim() ? { [descriptor.field]: input.value } : {}));
    return field(descriptor.label, input, descriptor.description);
  }
  const pick = h('select', { name: 'data:' + descriptor.field, required: descriptor.required },
    h('option', { value: '' }, `Choose a ${descriptor.noun || 'item'}…`),
    items.map((item) => h('option', { value: item.id }, item.name || item.id)));
  if (descriptor.kind !== 'advanced') {
    inputs.push(() => (pick.value ? { [descriptor.field]: pick.value } : {}));
    return field(descriptor.label, pick, items.length ? null : `No ${descriptor.noun || 'item'} found at the vendor`);
  }
  const option = descriptor.options || {};
  const value = h('select', { name: 'data:' + option.field });
  const valueText = h('input', { name: 'data-text:' + option.field, hidden: true });
  pick.addEventListener('change', () => {
    const item = items.find((i) => i.id === pick.value);
    const choices = (item && item[option.key || 'options']) || [];
    value.hidden = !choices.length;
    valueText.hidden = Boolean(choices.length);
    show(value, choices.map((c) => h('option', { value: c.value }, c.label || c.value)));
  });
  inputs.push(() => {
    const chosen = value.hidden ? valueText.value : value.value;
    return pick.value ? { [descriptor.field]: pick.value, [option.field]: chosen } : {};
  });
  return h('div', {}, field(descriptor.label, pick), field((option.display && option.display.label) || 'Value', h('div', {}, value, valueText)));
}
