// The calls of the official Node clients, made as they make them: @mesheshq/api (management, machine
// JWT minted with jose per request) and @mesheshq/events (ingestion, publishable key). Neither is
// published on npm, so their requests are reproduced here from the reference: the same constructor
// checks, base URL (it includes /api/v1), headers and bodies. Prints one JSON object of the answers.
import { SignJWT } from 'jose';

const { MESHES_API_URL, MESHES_ORG_ID, MESHES_ACCESS_KEY, MESHES_SECRET_KEY, MESHES_PUBLISHABLE_KEY } = process.env;
const apiBaseUrl = `${MESHES_API_URL}/api/v1`;

// What the clients' constructors check; they throw before sending anything if our credentials differ.
const formats = {
  MESHES_ORG_ID: [MESHES_ORG_ID, /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i],
  MESHES_ACCESS_KEY: [MESHES_ACCESS_KEY, /^mk_[A-Za-z0-9_-]{22,}$/],
  MESHES_SECRET_KEY: [MESHES_SECRET_KEY, /^[A-Za-z0-9_-]{43,}$/],
  MESHES_PUBLISHABLE_KEY: [MESHES_PUBLISHABLE_KEY, /^mesh_pub_[A-Za-z0-9.-]+_[A-Za-z0-9.-]+_[^_]+$/],
};
for (const [name, [value, format]] of Object.entries(formats)) {
  if (!format.test(value ?? '')) throw new Error(`${name} ${value} would be refused by the official client`);
}

async function token() {
  return new SignJWT({ org: MESHES_ORG_ID })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: MESHES_ACCESS_KEY })
    .setIssuer(`urn:meshes:m2m:${MESHES_ACCESS_KEY}`)
    .setAudience('meshes-api')
    .setIssuedAt()
    .setExpirationTime('30s')
    .sign(new TextEncoder().encode(MESHES_SECRET_KEY));
}

async function call(path, method, headers, body) {
  const response = await fetch(apiBaseUrl + path, {
    method,
    headers: { ...headers, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const text = await response.text();
  let parsed = null;
  if (text) {
    try { parsed = JSON.parse(text); } catch { parsed = text; }
  }
  return { status: response.status, body: parsed };
}

const api = async (path, method = 'GET', body) =>
  call(path, method, { Authorization: `Bearer ${await token()}`, 'X-Meshes-Client': 'Meshes API Client v1.0.0' }, body);
const events = (path, body) =>
  call(path, 'POST', { 'X-Meshes-Publishable-Key': MESHES_PUBLISHABLE_KEY, 'X-Meshes-Client': 'Meshes Events Client v1.0.0' }, body);

const answers = {
  workspaces: await api('/workspaces'),
  event: await events('/events', { event: 'smoke.node', payload: { client: 'events' } }),
  bulk: await events('/events/bulk', [
    { event: 'smoke.node', payload: { client: 'events', n: 1 } },
    { event: 'smoke.node', resource: 'order', resource_id: 'o-2', payload: { client: 'events', n: 2 } },
  ]),
};

// The mapping and catalog calls (meshes-api.md §3 #6, #8, #16-#18), made when the caller names a
// connection and its workspace: read the default mapping, then save one field over the version read.
const { MESHES_CONNECTION_ID, MESHES_WORKSPACE_ID } = process.env;
if (MESHES_CONNECTION_ID && MESHES_WORKSPACE_ID) {
  const connection = `/connections/${encodeURIComponent(MESHES_CONNECTION_ID)}`;
  const workspace = `/workspaces/${encodeURIComponent(MESHES_WORKSPACE_ID)}`;
  answers.fields = await api(`${connection}/fields`);
  answers.mapping = await api(`${connection}/mappings/default`);
  answers.savedMapping = await api(`${connection}/mappings/default`, 'PUT', {
    schema: {
      schema_version: 1,
      fields: [{ dest: 'email', source: { type: 'path', value: 'email' }, transforms: [{ type: 'trim' }, { type: 'lower' }] }],
    },
    expected_version: answers.mapping.body?.mapping?.version ?? 0,
  });
  answers.eventTypes = await api(`${workspace}/event-types`);
  answers.resources = await api(`${workspace}/resources`);
}

console.log(JSON.stringify(answers));
