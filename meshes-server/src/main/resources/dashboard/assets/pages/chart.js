// Delivered / failed events per minute over the last hours, drawn as SVG bars. There is no
// statistics endpoint: the chart reads the newest completed and failed events through the history
// API (its indexed, paged list), at most MAX_PAGES pages of each, so it stays cheap on a large
// history and says so when it shows only the most recent part.
import { get, query } from '../api.js';
import { show } from '../dom.js';

const HOURS = 3;
const PAGE = 200;
const MAX_PAGES = 5;
const REFRESH_MS = 30000;
const SVG = 'http://www.w3.org/2000/svg';

const lastDrawn = new Map(); // workspace → when its chart was read

async function newest(workspaceId, status, since) {
  const times = [];
  let cursor = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await get(`/api/v1/workspaces/${workspaceId}/events` + query({ status, limit: PAGE, cursor }));
    for (const event of answer.records) {
      const at = Date.parse(event.created_at);
      if (at < since) return { times, complete: true };
      times.push(at);
    }
    cursor = answer.next_cursor;
    if (!cursor) return { times, complete: true };
  }
  return { times, complete: false };
}

function svg(tag, attributes, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Draws (at most every 30 s) the chart of a workspace into {@code container}. */
export async function deliveryChart(container, workspaceId) {
  const now = Date.now();
  if (container.childElementCount && now - (lastDrawn.get(workspaceId) || 0) < REFRESH_MS) return;
  lastDrawn.set(workspaceId, now);
  const minutes = HOURS * 60;
  const since = now - minutes * 60000;
  const [delivered, failed] = await Promise.all([newest(workspaceId, 'completed', since), newest(workspaceId, 'failed', since)]);
  const buckets = Array.from({ length: minutes }, () => ({ delivered: 0, failed: 0 }));
  const add = (times, key) => times.forEach((t) => {
    const index = Math.floor((t - since) / 60000);
    if (index >= 0 && index < minutes) buckets[index][key]++;
  });
  add(delivered.times, 'delivered');
  add(failed.times, 'failed');
  const peak = Math.max(1, ...buckets.map((b) => b.delivered + b.failed));
  const width = 720;
  const height = 120;
  const bar = width / minutes;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height + 16}`, class: 'bars', role: 'img',
    'aria-label': `Delivered and failed events per minute, last ${HOURS} hours` });
  buckets.forEach((b, i) => {
    const ok = (b.delivered / peak) * height;
    const bad = (b.failed / peak) * height;
    if (ok) chart.append(svg('rect', { x: i * bar, y: height - ok, width: bar, height: ok, class: 'delivered' },
      undefined));
    if (bad) chart.append(svg('rect', { x: i * bar, y: height - ok - bad, width: bar, height: bad, class: 'failed' }));
    if (ok || bad) {
      const title = svg('title', {}, `${new Date(since + i * 60000).toLocaleTimeString()}: ${b.delivered} delivered, ${b.failed} failed`);
      chart.lastChild.append(title);
    }
  });
  chart.append(svg('text', { x: 0, y: height + 14, class: 'axis' }, `${HOURS} h ago`));
  chart.append(svg('text', { x: width, y: height + 14, class: 'axis', 'text-anchor': 'end' }, 'now'));
  chart.append(svg('text', { x: 0, y: 10, class: 'axis' }, `peak ${peak}/min`));
  const total = (r) => r.times.length + (r.complete ? '' : '+');
  const legend = document.createElement('p');
  legend.className = 'legend';
  legend.append(
    Object.assign(document.createElement('span'), { className: 'key delivered', textContent: `${total(delivered)} delivered` }),
    ' ',
    Object.assign(document.createElement('span'), { className: 'key failed', textContent: `${total(failed)} failed` }),
    ` in the last ${HOURS} hours, by the minute each event arrived`,
    delivered.complete && failed.complete ? '' : ' (only the newest are counted: the history is long)');
  show(container, chart, legend);
}
