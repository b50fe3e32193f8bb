// Navigation shared by the pages: hash paths (#/workspaces/…), and cleanup when a page is left.

let leaving = [];

/** Registers cleanup for the current page (its timers, its polling), run when another page is shown. */
export function onLeave(callback) {
  leaving.push(callback);
}

export function leave() {
  for (const callback of leaving) callback();
  leaving = [];
}

export function go(path) {
  if (location.hash === '#' + path) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = '#' + path;
}

/** Tells the shell that someone signed in (or up), then goes on to {@code next}. */
export function signedIn(next) {
  window.dispatchEvent(new CustomEvent('meshes:signed-in', { detail: next || '/workspaces' }));
}
