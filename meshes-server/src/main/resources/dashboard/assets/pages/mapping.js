// The field-mapping editor: each destination field of the connection's catalog, filled from a
// payload path or a literal, with what to do when it cannot be mapped. Saved with the version it
// was read at, so a concurrent save is a clear 409 rather than lost.
import { get, put } from '../api.js';
import { h, show, attempt, notify, table, badge } from '../dom.js';
import { can } from '../abilities.js';

const ON_ERROR = ['skip_field', 'warn_action', 'fail_action'];

export async function mappingEditor(connection) {
  const box = h('div', { id: 'mapping', class: 'card' });
  await attempt(() => render(box, connection));
  return box;
}

async function render(box, connection) {
  const base = `/api/v1/connections/${connection.id}`;
  const [catalog, answer] = await Promise.all([get(base + '/fields'), get(base + '/mappings/default')]);
  const destinations = catalog.fields || [];
  if (!destinations.length) {
    show(box, h('p', { class: 'muted' }, 'This connection sends the payload as it is: it has no destination fields to map.'));
    return;
  }
  const mapping = answer.mapping || {};
  const schema = mapping.schema || { schema_version: 1, fields: [] };
  const rows = h('tbody');
  const addRow = (entry = {}) => {
    const source = entry.source || { type: 'path', value: '' };
    const row = h('tr', { class: 'mapping-row' },
      h('td', {}, h('select', { class: 'dest' }, destinations.map((f) =>
        h('option', { value: f.key, selected: f.key === entry.dest }, `${f.label || f.key} (${f.type})`)))),
      h('td', {}, h('select', { class: 'source-type' },
        ['path', 'literal'].map((t) => h('option', { value: t, selected: t === source.type }, t)))),
      h('td', {}, h('input', { class: 'source-value', value: source.value ?? '', placeholder: 'e.g. user.email' })),
      h('td', {}, h('select', { class: 'on-error' },
        ON_ERROR.map((o) => h('option', { value: o, selected: o === (entry.on_error || 'skip_field') }, o)))),
      h('td', {}, h('button', { type: 'button', class: 'small link', onclick: () => row.remove() }, 'Remove')));
    row.transforms = entry.transforms || [];
    rows.append(row);
  };
  (schema.fields || []).forEach(addRow);
  show(box,
    h('p', {}, badge(answer.status), ` version ${mapping.version ?? 0}`, answer.status === 'generated'
      ? ' — generated from the field catalog until you save one' : ''),
    table(['Destination field', 'From', 'Payload path or value', 'When it cannot be mapped', ''], rows),
    h('div', { class: 'actions', hidden: !can('manage') },
      h('button', { type: 'button', onclick: () => addRow() }, 'Add field'),
      h('button', { type: 'button', class: 'primary', onclick: () => attempt(async () => {
        const fields = [...rows.querySelectorAll('tr.mapping-row')].map((row) => ({
          dest: row.querySelector('.dest').value,
          source: { type: row.querySelector('.source-type').value, value: row.querySelector('.source-value').value },
          transforms: row.transforms,
          on_error: row.querySelector('.on-error').value,
        }));
        await put(base + '/mappings/default', {
          schema: { ...schema, fields },
          expected_version: answer.status === 'stored' ? mapping.version : 0,
        });
        notify('Mapping saved', 'ok');
        await render(box, connection);
      }) }, 'Save mapping')));
}
