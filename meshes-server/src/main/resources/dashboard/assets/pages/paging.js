// Cursor pagination over the API's list envelope {records, next_cursor}: a page at a time, newest
// first, so a list stays fast however long the history is.
import { h, attempt } from '../dom.js';

/**
 * Fills {@code rows} with the first page; returns the "More" button for the next ones and a way to
 * start again from the first page (after a change).
 * @param load   cursor → the envelope of that page
 * @param render record → a row
 */
export function pager(rows, load, render, empty, columns) {
  let cursor = null;
  const button = h('button', { type: 'button', class: 'more', hidden: true }, 'More');
  const next = async () => {
    const page = await load(cursor);
    for (const record of page.records) rows.append(render(record));
    if (!rows.children.length) {
      rows.append(h('tr', {}, h('td', { colspan: columns, class: 'muted empty' }, empty)));
    }
    cursor = page.next_cursor;
    button.hidden = !cursor;
  };
  button.addEventListener('click', () => attempt(next));
  const reload = () => {
    rows.replaceChildren();
    cursor = null;
    return next();
  };
  attempt(next);
  return { more: button, reload };
}
