// Delivered / failed deliveries per minute over the last hours, drawn as SVG bars, from the
// activity endpoint: per-minute counts the server keeps as it records results, so the chart costs
// one small read however long the history is.
import { get, query } from '../api.js';
import { show } from '../dom.js';

const HOURS = 3;
const REFRESH_MS = 30000;
const SVG = 'http://www.w3.org/2000/svg';

const lastDrawn = new Map(); // workspace → when its chart was read

function svg(tag, attributes, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function legendKey(className, text) {
  return Object.assign(document.createElement('span'), { className: `key ${className}`, textContent: text });
}

/** Draws (at most every 30 s) the chart of a workspace into {@code container}. */
export async function deliveryChart(container, workspaceId) {
  const now = Date.now();
  if (container.childElementCount && now - (lastDrawn.get(workspaceId) || 0) < REFRESH_MS) return;
  lastDrawn.set(workspaceId, now);
  const minutes = HOURS * 60;
  const activity = await get(`/api/v1/workspaces/${workspaceId}/activity` + query({ minutes }));
  const from = Date.parse(activity.from);
  const buckets = Array.from({ length: minutes }, () => ({ delivered: 0, failed: 0, accepted: 0 }));
  for (const m of activity.minutes) {
    const index = Math.floor((Date.parse(m.minute) - from) / 60000);
    if (index >= 0 && index < minutes) Object.assign(buckets[index], m);
  }
  const peak = Math.max(1, ...buckets.map((b) => b.delivered + b.failed));
  const width = 720;
  const height = 120;
  const bar = width / minutes;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height + 16}`, class: 'bars', role: 'img',
    'aria-label': `Deliveries delivered and failed per minute, last ${HOURS} hours` });
  buckets.forEach((b, i) => {
    const ok = (b.delivered / peak) * height;
    const bad = (b.failed / peak) * height;
    if (ok) chart.append(svg('rect', { x: i * bar, y: height - ok, width: bar, height: ok, class: 'delivered' }));
    if (bad) chart.append(svg('rect', { x: i * bar, y: height - ok - bad, width: bar, height: bad, class: 'failed' }));
    if (ok || bad) {
      chart.lastChild.append(svg('title', {},
        `${new Date(from + i * 60000).toLocaleTimeString()}: ${b.delivered} delivered, ${b.failed} failed, ${b.accepted} events`));
    }
  });
  chart.append(svg('text', { x: 0, y: height + 14, class: 'axis' }, `${HOURS} h ago`));
  chart.append(svg('text', { x: width, y: height + 14, class: 'axis', 'text-anchor': 'end' }, 'now'));
  chart.append(svg('text', { x: 0, y: 10, class: 'axis' }, `peak ${peak}/min`));
  const legend = document.createElement('p');
  legend.className = 'legend';
  const totals = activity.totals;
  legend.append(legendKey('delivered', `${totals.delivered} delivered`), ' ', legendKey('failed', `${totals.failed} failed`),
    ` deliveries of ${totals.accepted} events in the last ${HOURS} hours, by the minute each finished`);
  show(container, chart, legend);
}
