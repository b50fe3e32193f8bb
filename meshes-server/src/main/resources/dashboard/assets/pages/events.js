// Events: sending a test event, the history (filters, cursor pages, a live view that polls), one
// event's deliveries with every attempt, Retry and Cancel, and a chart of delivered / failed.
import { get, post, query } from '../api.js';
import { h, show, form, field, badge, when, attempt, background, notify, table, pretty } from '../dom.js';
import { go, onLeave } from '../router.js';
import { tabs } from './workspaces.js';
import { suggestions } from './rules.js';
import { deliveryChart } from './chart.js';
import { can } from '../abilities.js';

const POLL_MS = 2000;
const STATUSES = ['', 'pending', 'processing', 'completed', 'failed', 'canceled'];
const FINISHED = ['completed', 'failed', 'canceled'];

/** Sends an event as the signed-in person, with a payload prefilled from the latest event of that name. */
export async function sendTest(workspaceId, params) {
  const [workspace, names] = await Promise.all([
    get('/api/v1/workspaces/' + workspaceId),
    suggestions(workspaceId, 'event-types', 'event-names'),
  ]);
  const payload = h('textarea', { name: 'payload', id: 'payload', rows: 12, spellcheck: 'false', class: 'code' },
    '{\n  "email": "test@example.com"\n}');
  const eventInput = h('input', { name: 'event', required: true, list: 'event-names', value: params.event || '' });
  let edited = false; // what the person typed is never replaced
  payload.addEventListener('input', () => { edited = true; });
  const prefill = async () => {
    if (!eventInput.value.trim() || edited) return;
    const recent = await get(`/api/v1/workspaces/${workspaceId}/events` + query({ event: eventInput.value.trim(), limit: 1 }));
    if (!recent.records.length) return;
    const latest = await get(`/api/v1/events/${recent.records[0].id}/payload`);
    if (!edited) payload.value = JSON.stringify(latest.payload, null, 2);
  };
  eventInput.addEventListener('change', () => background(prefill));
  await background(prefill);
  return h('section', {},
    h('p', { class: 'crumbs' }, h('a', { href: '#/workspaces/' + workspaceId }, workspace.name), ' / Send test event'),
    h('h1', {}, 'Send test event'),
    tabs(workspaceId),
    names,
    form({ id: 'test-event' }, [
      field('Event', eventInput, 'Prefilled with the payload of the latest event of this name'),
      field('Resource', h('input', { name: 'resource', value: params.resource || '', placeholder: 'global' })),
      field('Resource id', h('input', { name: 'resource_id', value: params.resource_id || '' })),
      field('Payload (JSON object)', payload),
      h('button', { type: 'submit', class: 'primary' }, 'Send test event'),
    ], async (values) => {
      let parsed;
      try {
        parsed = JSON.parse(values.payload);
      } catch (e) {
        notify('The payload is not valid JSON: ' + e.message, 'error');
        return;
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        notify('The payload must be a JSON object', 'error');
        return;
      }
      const sent = await post('/api/v1/events', {
        workspace: workspaceId, event: values.event.trim(), payload: parsed,
        resource: values.resource.trim() || undefined, resource_id: values.resource_id.trim() || undefined,
      });
      go('/events/' + sent.event.id);
    }));
}

function eventRow(event) {
  return h('tr', { 'data-id': event.id },
    h('td', {}, h('a', { href: '#/events/' + event.id }, event.event)),
    h('td', {}, event.resource, event.resource_id ? ' / ' + event.resource_id : ''),
    h('td', { class: 'status' }, badge(event.status)),
    h('td', {}, `${event.completed_count}/${event.total_rules}`, event.failed_count ? ` (${event.failed_count} failed)` : ''),
    h('td', {}, when(event.created_at)));
}

/** The history, newest first, a page at a time; "Live" polls the first page for new events and statuses. */
export async function history(workspaceId, params) {
  const workspace = await get('/api/v1/workspaces/' + workspaceId);
  const filters = { event: params.event || '', resource: params.resource || '', status: params.status || '' };
  const rows = h('tbody', { id: 'event-rows' });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'Older events');
  const live = h('input', { type: 'checkbox', id: 'live', checked: params.live !== 'off' });
  const chart = can('activity') ? h('div', { class: 'chart', id: 'delivery-chart' }) : null;
  let cursor = null;
  const seen = new Map(); // event id → its row

  const load = (pageCursor, limit = 50) => get(`/api/v1/workspaces/${workspaceId}/events`
    + query({ ...filters, cursor: pageCursor, limit }));

  async function older() {
    const page = await load(cursor);
    for (const event of page.records) {
      const row = eventRow(event);
      seen.set(event.id, row);
      rows.append(row);
    }
    if (!rows.children.length) rows.append(h('tr', { class: 'empty' }, h('td', { colspan: 5, class: 'muted' }, 'No event matches.')));
    cursor = page.next_cursor;
    more.hidden = !cursor;
    return page.records;
  }

  /** New events go on top; rows already shown get their new status. */
  async function refresh() {
    const page = await load(null);
    const fresh = [];
    for (const event of page.records) {
      const row = eventRow(event);
      if (seen.has(event.id)) seen.get(event.id).replaceWith(row);
      else fresh.push(row);
      seen.set(event.id, row);
    }
    if (fresh.length) {
      const empty = rows.querySelector('tr.empty');
      if (empty) empty.remove();
      rows.prepend(...fresh);
    }
  }

  more.addEventListener('click', () => attempt(older));
  const timer = setInterval(() => {
    if (live.checked && !document.hidden) background(async () => {
      await refresh();
      if (chart) await deliveryChart(chart, workspaceId);
    });
  }, POLL_MS);
  onLeave(() => clearInterval(timer));

  const section = h('section', {},
    can('workspace-pages') ? h('p', { class: 'crumbs' }, h('a', { href: '#/workspaces/' + workspaceId }, workspace.name), ' / Events') : null,
    h('h1', {}, 'Events'),
    can('workspace-pages') ? tabs(workspaceId) : null,
    chart,
    form({ id: 'event-filters', class: 'inline' }, [
      field('Event', h('input', { name: 'event', value: filters.event })),
      field('Resource', h('input', { name: 'resource', value: filters.resource })),
      field('Status', h('select', { name: 'status' },
        STATUSES.map((s) => h('option', { value: s, selected: s === filters.status }, s || 'any')))),
      h('button', { type: 'submit' }, 'Filter'),
    ], async (values) => go(`/workspaces/${workspaceId}/events` + query(values))),
    h('label', { class: 'live' }, live, ' Live (new events every 2 s)'),
    table(['Event', 'Resource', 'Status', 'Delivered', 'Received'], rows),
    more);
  await older();
  if (chart) await background(() => deliveryChart(chart, workspaceId));
  return section;
}

/** One event: its payload, each rule's delivery with every attempt, Retry and Cancel; refreshed until finished. */
export async function detail(id) {
  const container = h('section', { id: 'event' });
  let timer = null;
  let left = false;

  async function render() {
    if (left) return;
    // Without events.payload:read an embed session never asks for the payload (the API would refuse it)
    const [event, withPayload] = await Promise.all([get('/api/v1/events/' + id),
      can('payloads') ? get(`/api/v1/events/${id}/payload`) : null]);
    const deliveries = event.rule_events || [];
    const attempts = await Promise.all(deliveries.map((d) => get(`/api/v1/events/${id}/rules/${d.rule}/attempts`)));
    show(container,
      h('p', { class: 'crumbs' }, h('a', { href: can('workspace-pages') ? `#/workspaces/${event.workspace}/events` : '#/events' }, 'Events'),
        ' / ', event.event),
      h('h1', {}, event.event, ' ', badge(event.status)),
      h('p', { class: 'muted' }, 'resource ', h('code', {}, event.resource), event.resource_id ? [' / ', h('code', {}, event.resource_id)] : '',
        ' · received ', when(event.created_at), ' · id ', h('code', {}, event.id)),
      FINISHED.includes(event.status) || !can('manage') ? null
        : h('button', { type: 'button', class: 'danger', onclick: () => act(`/api/v1/events/${id}/cancel`, 'Event canceled') }, 'Cancel event'),
      h('h2', {}, 'Deliveries'),
      deliveries.length ? deliveries.map((d, i) => delivery(d, attempts[i])) : h('p', { class: 'muted' }, 'No rule matched this event.'),
      h('h2', {}, 'Payload'),
      withPayload ? pretty(withPayload.payload)
        : h('p', { class: 'muted', id: 'payload-hidden' }, 'This session may not read event payloads (it needs events.payload:read).'));
    clearTimeout(timer);
    if (!left && (!FINISHED.includes(event.status) || deliveries.some((d) => !FINISHED.includes(d.status)))) {
      timer = setTimeout(() => background(render), POLL_MS);
    }
  }

  function delivery(d, attemptList) {
    const records = Array.isArray(attemptList) ? attemptList : ((attemptList && attemptList.records) || []);
    return h('div', { class: 'card delivery', 'data-rule': d.rule },
      h('div', { class: 'delivery-head' },
        h('strong', {}, d.integration_type), ' ', badge(d.status),
        h('span', { class: 'muted' }, ` ${d.attempt_count} attempt${d.attempt_count === 1 ? '' : 's'}`),
        d.next_attempt_at && d.status === 'pending' ? h('span', { class: 'muted' }, ' · next ', when(d.next_attempt_at)) : null,
        h('span', { class: 'row-actions' },
          d.status === 'completed' || !can('manage') ? null
            : h('button', { type: 'button', class: 'small retry', onclick: () => act(`/api/v1/events/${id}/rules/${d.rule}/retry`, 'Retry scheduled') }, 'Retry'),
          FINISHED.includes(d.status) || !can('manage') ? null
            : h('button', { type: 'button', class: 'small danger cancel', onclick: () => act(`/api/v1/events/${id}/rules/${d.rule}/cancel`, 'Delivery canceled') }, 'Cancel'))),
      d.last_error ? h('p', { class: 'error-text' }, d.last_error) : null,
      records.length ? table(['#', 'Outcome', 'Status code', 'Duration', 'Started', ''],
        records.map((a) => attemptRows(a))) : null);
  }

  function attemptRows(a) {
    const details = h('tr', { class: 'attempt-details', hidden: true },
      h('td', { colspan: 6 },
        a.message ? h('p', {}, a.message) : null,
        h('h4', {}, 'Request headers'),
        table(['Header', 'Value'], Object.entries(a.request_headers || {}).map(([k, v]) => h('tr', {}, h('td', {}, k), h('td', {}, h('code', {}, v))))),
        h('h4', {}, 'Response body'),
        h('pre', { class: 'response' }, a.response_body == null ? '(none)' : a.response_body)));
    const toggle = h('button', { type: 'button', class: 'small link', onclick: () => { details.hidden = !details.hidden; } }, 'Details');
    return [h('tr', { class: 'attempt ' + a.outcome_code },
      h('td', {}, a.number), h('td', {}, badge(a.outcome_code)), h('td', { class: 'status-code' }, a.status_code ?? '—'),
      h('td', {}, a.duration_ms + ' ms'), h('td', {}, when(a.started_at)), h('td', {}, toggle)), details];
  }

  async function act(path, done) {
    await attempt(async () => {
      await post(path);
      await render();
      notify(done, 'ok');
    });
  }

  onLeave(() => {
    left = true;
    clearTimeout(timer);
  });
  await render();
  return container;
}
