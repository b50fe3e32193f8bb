// The official TypeScript MCP client (@modelcontextprotocol/sdk), as coding agents use it, against our
// MCP server: `node mcp-client.mjs http` connects to MESHES_API_URL/mcp with a machine JWT minted with
// jose (as mint-jose.mjs does); `node mcp-client.mjs stdio` spawns `java -jar MESHES_JAR mcp` (JAVA, when
// set, names the java command) with the MESHES_* key. On either it initializes, lists the tools, calls a read tool, a write tool and a call the
// API refuses, and prints one JSON line. Any protocol error (a thrown McpError, a transport failure)
// exits non-zero with the error on stderr.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';

const { MESHES_API_URL, MESHES_ORG_ID, MESHES_ACCESS_KEY, MESHES_SECRET_KEY, MESHES_JAR, JAVA } = process.env;
const transportName = process.argv[2];

const machineToken = () => new SignJWT({ org: MESHES_ORG_ID })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: MESHES_ACCESS_KEY })
  .setIssuer(`urn:meshes:m2m:${MESHES_ACCESS_KEY}`)
  .setAudience('meshes-api')
  .setIssuedAt()
  .setExpirationTime('60s')
  .sign(new TextEncoder().encode(MESHES_SECRET_KEY));

async function transport() {
  switch (transportName) {
    case 'http':
      // A fixed header, as an agent's configuration gives it; the run is far shorter than the token's life.
      return new StreamableHTTPClientTransport(new URL('/mcp', MESHES_API_URL), {
        requestInit: { headers: { Authorization: `Bearer ${await machineToken()}` } },
      });
    case 'stdio':
      return new StdioClientTransport({
        command: JAVA ?? 'java',
        args: ['--enable-native-access=ALL-UNNAMED', '-jar', MESHES_JAR, 'mcp'],
        env: { ...getDefaultEnvironment(), MESHES_API_URL, MESHES_ORG_ID, MESHES_ACCESS_KEY, MESHES_SECRET_KEY },
        stderr: 'inherit',
      });
    default:
      throw new Error(`usage: node mcp-client.mjs http|stdio (got ${transportName})`);
  }
}

// Every tool answers one text item: the API's JSON on success, "Meshes API <status>: <body>" on refusal.
const answer = (result) => {
  const text = result.content[0].text;
  return result.isError ? { isError: true, text } : { isError: false, data: JSON.parse(text) };
};

const client = new Client({ name: 'openmeshes-interop', version: '1.0.0' });
try {
  await client.connect(await transport());
  const { tools } = await client.listTools();
  const workspaceName = `TS MCP ${transportName} ${randomUUID().slice(0, 8)}`; // names: 3 to 50 characters
  const results = {
    server: client.getServerVersion(),
    tools: tools.map((tool) => tool.name),
    listed: answer(await client.callTool({ name: 'meshes_list_workspaces', arguments: {} })),
    workspaceName,
    created: answer(await client.callTool({ name: 'meshes_create_workspace', arguments: { name: workspaceName } })),
    refused: answer(await client.callTool({ name: 'meshes_get_workspace', arguments: { workspace_id: randomUUID() } })),
  };
  console.log(JSON.stringify(results));
  await client.close();
} catch (error) {
  console.error(`MCP over ${transportName} failed:`, error);
  await client.close().catch(() => {});
  process.exit(1);
}
