// Building the page from data. Everything that came from the API (event payloads, vendor answers,
// names) goes in through textContent or attribute values, never as HTML: it is attacker-controlled.

/**
 * An element: h('button', {class: 'primary', onclick: fn, 'data-id': id}, 'Save', child…).
 * Keys starting with "on" are listeners; others are attributes (false/null/undefined: left out).
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2), value);
    } else if (key === 'value' && 'value' in element) {
      element.value = value;
    } else if (key === 'checked' || key === 'selected' || key === 'disabled') {
      element[key] = Boolean(value);
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what an element shows. */
export function show(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

const notice = () => document.getElementById('notice');

/** A message at the top of the page; errors of the API with their correlation id, to quote. */
export function notify(message, kind = 'info') {
  const box = notice();
  box.className = 'notice ' + kind;
  show(box, message);
  box.hidden = false;
}

export function showError(error) {
  const lines = [h('strong', {}, error.message)];
  for (const detail of error.details || []) {
    lines.push(h('div', { class: 'detail' }, `${detail.field}: ${detail.message}`));
  }
  if (error.correlationId) {
    lines.push(h('div', { class: 'correlation' }, 'correlation id: ', h('code', {}, error.correlationId)));
  }
  notify(lines, 'error');
}

export function clearNotice() {
  const box = notice();
  box.hidden = true;
  box.replaceChildren();
}

/** Runs an action of a button or form, showing its error instead of losing it. */
export async function attempt(action) {
  clearNotice();
  return background(action);
}

/** As {@link attempt}, for what runs by itself (polling): it leaves the message shown in place until it fails. */
export async function background(action) {
  try {
    return await action();
  } catch (error) {
    if (error && error.status !== undefined) showError(error);
    else notify(String(error && error.message ? error.message : error), 'error');
    return undefined;
  }
}

/** A form whose submit runs {@code action(values)}, with its button disabled meanwhile. */
export function form(attributes, children, action) {
  const element = h('form', attributes, children);
  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = element.querySelector('button[type=submit]');
    if (button) button.disabled = true;
    try {
      await attempt(() => action(values(element)));
    } finally {
      if (button) button.disabled = false;
    }
  });
  return element;
}

/** The named fields of a form: text as typed, checkboxes grouped into arrays of their values. */
export function values(formElement) {
  const result = {};
  for (const field of formElement.elements) {
    if (!field.name) continue;
    if (field.type === 'checkbox') {
      if (!result[field.name]) result[field.name] = [];
      if (field.checked) result[field.name].push(field.value);
    } else {
      result[field.name] = field.value;
    }
  }
  return result;
}

let fields = 0;

/** A labelled input (label for=id, so its name is the label alone), with an optional help line. */
export function field(label, input, help) {
  if (!input.id) input.id = 'field-' + ++fields;
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), input,
    help ? h('small', { class: 'muted' }, help) : null);
}

export function when(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return h('time', { datetime: iso, title: iso }, date.toLocaleString());
}

/** A status as a coloured badge: completed, failed, pending, processing, canceled, active… */
export function badge(status) {
  return h('span', { class: 'badge ' + String(status).replace(/[^a-z_]/g, '') }, String(status));
}

/** Copies text to the clipboard, or selects it where the browser does not allow that. */
export function copyButton(text, target) {
  return h('button', {
    type: 'button', class: 'small',
    onclick: async (event) => {
      try {
        await navigator.clipboard.writeText(text);
        event.target.textContent = 'Copied';
      } catch (e) {
        if (target) window.getSelection().selectAllChildren(target);
        event.target.textContent = 'Selected: press Ctrl+C';
      }
    },
  }, 'Copy');
}

/** A table; {@code body} is its rows, or a tbody to fill later. */
export function table(headings, body) {
  return h('table', {},
    h('thead', {}, h('tr', {}, headings.map((heading) => h('th', {}, heading)))),
    body instanceof HTMLTableSectionElement ? body : h('tbody', {}, body));
}

export function pretty(value) {
  return h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
}
