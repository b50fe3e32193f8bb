// What the signed-in person (by their role) or the embed session (by its type, role and pages) may
// do, so pages hide the controls that would only be refused. The API stays the authority: a hidden
// control's request, forced by script, still gets its 403.
import { embed } from './embed.js';

/** The signed-in person's role in this organization (owner, admin, member), from GET /auth/session. */
let role = null;

export function setRole(newRole) {
  role = newRole || null;
}

/**
 * `manage`: create, edit, delete (workspaces, connections, rules, keys), retry and cancel;
 * `test`: send test events; `members`: see the organization's people; `people`: invite, change
 * roles, remove; `connections`, `payloads` (events.payload:read), `activity` (the workspace's
 * per-minute counts, which span every resource), `rule-form` (the new-rule form, which reads the
 * workspace's connections and names), `connection-form` (the new-connection form and OAuth
 * connect), `workspace-pages` (the dashboard's own pages:
 * workspaces, keys, test events).
 */
export function can(ability) {
  if (embed) {
    switch (ability) {
      case 'manage': return embed.session_type !== 'dashboard' && (embed.role === 'owner' || embed.role === 'admin');
      case 'connections': return embed.pages.includes('connections');
      case 'payloads': return embed.scopes.includes('events.payload:read');
      case 'activity': return !embed.resource;
      // the rule form reads the workspace's connections and names: a whole-workspace session's
      case 'rule-form': return can('manage') && !embed.resource;
      case 'connection-form': return can('manage') && can('connections');
      default: return false;
    }
  }
  switch (ability) {
    case 'manage':
    case 'rule-form':
    case 'connection-form':
    case 'members': return role === 'owner' || role === 'admin';
    case 'people': return role === 'owner';
    default: return role !== null; // reading, test events: every role
  }
}
