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

/**
 * A list page of the session's workspace with, for a session that may use it, a link to the
 * dashboard's own form for a new one (`kind`: 'rule' or 'connection', its ability `<kind>-form`).
 */
function listPage(title, kind, list) {
  return h('section', {}, h('h1', {}, title), scope(),
    can(kind + '-form') ? h('p', {}, h('a', { class: 'button primary', href: `#/${kind}s/new`, id: `new-${kind}-link` },
      'New ' + kind)) : null,
    list);
}

/** The dashboard's form for a new rule or connection, or why this session has none. */
function formPage(kind, form, params) {
  if (!can(kind + '-form')) {
    return h('section', {}, h('h1', {}, 'New ' + kind), h('p', { id: kind + '-form-refused' },
      `This session cannot create ${kind}s.`));
  }
  return form(embed.workspace_id, params);
}

export async function ruleList() {
  return listPage('Rules', 'rule', rules.listFor(embed.workspace_id));
}

export async function newRule(params) {
  return formPage('rule', rules.create, params);
}

export async function connectionList() {
  return listPage('Connections', 'connection', connections.listFor(embed.workspace_id));
}

export async function newConnection(params) {
  return formPage('connection', connections.create, params);
}
