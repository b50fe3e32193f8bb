// The four session tools of the official MCP server (@mesheshq/mcp-server 1.0.10: meshes_create_session,
// meshes_list_sessions, meshes_refresh_session, meshes_revoke_session), which is not published on npm:
// their calls reproduced from its src/client.ts and src/tools/sessions.ts. Inputs the tools' zod schemas
// declare with `.default(x).optional()` are left out (the server applies the defaults); the base URL is
// normalized as the MCP server does; requests go through @mesheshq/api's conventions (a jose-minted JWT
// per request, JSON content type on every call, bodies by JSON.stringify). Prints one JSON object.
import { SignJWT } from 'jose';

const { MESHES_API_URL, MESHES_ORG_ID, MESHES_ACCESS_KEY, MESHES_SECRET_KEY, MESHES_WORKSPACE_ID } = process.env;
const trimmed = MESHES_API_URL.replace(/\/+$/, '');
const apiBaseUrl = /\/api\/v\d+$/i.test(trimmed) ? trimmed : `${trimmed}/api/v1`;

const token = () => new SignJWT({ org: MESHES_ORG_ID })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: MESHES_ACCESS_KEY })
  .setIssuer(`urn:meshes:m2m:${MESHES_ACCESS_KEY}`)
  .setAudience('meshes-api').setIssuedAt().setExpirationTime('30s')
  .sign(new TextEncoder().encode(MESHES_SECRET_KEY));

async function request(path, method = 'GET', body) {
  const response = await fetch(apiBaseUrl + path, {
    method,
    headers: { Authorization: `Bearer ${await token()}`, 'X-Meshes-Client': 'Meshes API Client v1.0.0',
      'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  // The MCP server's tool error: "Meshes API <status>: <body>"
  if (!response.ok) return { isError: true, text: `Meshes API ${response.status}: ${JSON.stringify(data)}` };
  return { isError: false, data };
}

function buildQueryString(params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null) query.set(key, String(value));
  const qs = query.toString();
  return qs ? `?${qs}` : '';
}

// The tools' argument checks that run before any call
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const cursorPattern = /^[A-Za-z0-9_-]+$/;
const check = (ok, what) => { if (!ok) throw new Error(`the MCP tool would refuse ${what}`); };

const createSession = (args) => { check(uuid.test(args.workspace_id), 'workspace_id'); return request('/sessions', 'POST', args); };
const listSessions = (args) => {
  check(uuid.test(args.workspace_id), 'workspace_id');
  if (args.cursor !== undefined) check(cursorPattern.test(args.cursor), `cursor ${args.cursor}`);
  return request(`/sessions${buildQueryString({ workspace_id: args.workspace_id, limit: args.limit, cursor: args.cursor,
    status: args.status, resource: args.resource, resource_id: args.resource_id })}`);
};
const refreshSession = ({ session_id }) => { check(session_id.length >= 1, 'session_id'); return request(`/sessions/${session_id}/refresh`, 'POST'); };
const revokeSession = ({ session_id }) => request(`/sessions/${session_id}`, 'DELETE');

const plain = await createSession({ workspace_id: MESHES_WORKSPACE_ID, role: undefined, session_type: undefined });
const scoped = await createSession({ workspace_id: MESHES_WORKSPACE_ID, role: 'admin', session_type: 'resource',
  resource: 'order', resource_id: 'o-1', launch_page: 'events', ttl_seconds: 600, launch_ttl_seconds: 15,
  allowed_origins: ['https://app.example.com'], scopes: ['events.payload:read'], external_user_id: 'user-1' });
const invalid = await createSession({ workspace_id: MESHES_WORKSPACE_ID, session_type: 'resource' });
const firstPage = await listSessions({ workspace_id: MESHES_WORKSPACE_ID, limit: 1 });
const secondPage = await listSessions({ workspace_id: MESHES_WORKSPACE_ID, limit: 1, cursor: firstPage.data.next_cursor });
const filtered = await listSessions({ workspace_id: MESHES_WORKSPACE_ID, resource: 'order', resource_id: 'o-1', status: 'active' });
const refreshed = await refreshSession({ session_id: plain.data.session_id });
const revoked = await revokeSession({ session_id: scoped.data.session_id });
const refreshRevoked = await refreshSession({ session_id: scoped.data.session_id });
const revokedList = await listSessions({ workspace_id: MESHES_WORKSPACE_ID, status: 'revoked' });

console.log(JSON.stringify({ plain, scoped, invalid, firstPage, secondPage, filtered, refreshed, revoked, refreshRevoked, revokedList }));
