// The pages of an embedded session, built from the dashboard's own parts: the overview of its
// workspace (or its resource pair), its rules and its connections. Events are events.js's pages.
import { get, query } from '../api.js';
import { h, table, badge, when } from '../dom.js';
import { embed } from '../embed.js';
import { can } from '../abilities.js';
import { deliveryChart } from './chart.js';
import * as connections from './connections.js';
import * as rules from './rules.js';

/** What the session is scoped to, as a line under the title. */
function scope() {
  return h('p', { class: 'muted', id: 'embed-scope' }, embed.resource
    ? ['Resource ', h('code', {}, embed.resource), ' / ', h('code', {}, embed.resource_id)]
    : 'The whole workspace', embed.session_type === 'dashboard' ? ' · read-only' : '');
}

export async function dashboard() {
  const ws = embed.workspace_id;
  const recent = await get(`/api/v1/workspaces/${ws}/events` + query({ limit: 10 }));
  const chart = can('activity') ? h('div', { class: 'chart', id: 'delivery-chart' }) : '';
  if (chart) await deliveryChart(chart, ws);
  return h('section', {},
    h('h1', {}, 'Dashboard'),
    scope(),
    chart,
    h('h2', {}, 'Latest events'),
    table(['Event', 'Resource', 'Status', 'Received'], recent.records.length
      ? recent.records.map((e) => h('tr', {},
        h('td', {}, embed.pages.includes('events') ? h('a', { href: '#/events/' + e.id }, e.event) : e.event),
        h('td', {}, e.resource, e.resource_id ? ' / ' + e.resource_id : ''),
        h('td', {}, badge(e.status)),
        h('td', {}, when(e.created_at))))
      : h('tr', {}, h('td', { colspan: 4, class: 'muted empty' }, 'No event yet.'))));
}

export async function ruleList() {
  return h('section', {}, h('h1', {}, 'Rules'), scope(),
    can('rule-form') ? h('p', {}, h('a', { class: 'button primary', href: '#/rules/new', id: 'new-rule-link' }, 'New rule')) : null,
    rules.listFor(embed.workspace_id));
}

/** The dashboard's rule form, for a session that may manage the whole workspace. */
export async function newRule(params) {
  if (!can('rule-form')) {
    return h('section', {}, h('h1', {}, 'New rule'), h('p', { id: 'rule-form-refused' },
      'This session cannot create rules.'));
  }
  return rules.create(embed.workspace_id, params);
}

export async function connectionList() {
  return h('section', {}, h('h1', {}, 'Connections'), scope(),
    can('connection-form') ? h('p', {}, h('a', { class: 'button primary', href: '#/connections/new', id: 'new-connection-link' },
      'New connection')) : null,
    connections.listFor(embed.workspace_id));
}

/** The dashboard's new-connection form, for a session that may manage the workspace. */
export async function newConnection(params) {
  if (!can('connection-form')) {
    return h('section', {}, h('h1', {}, 'New connection'), h('p', { id: 'connection-form-refused' },
      'This session cannot create connections.'));
  }
  return connections.create(embed.workspace_id, params);
}
