// Mints a machine JWT exactly as the Meshes docs do with `jose` (seed: API Overview / Authentication).
import { SignJWT } from 'jose';

const accessKey = process.env.MESHES_ACCESS_KEY;
const secretKey = process.env.MESHES_SECRET_KEY;
const organizationId = process.env.MESHES_ORG_ID;

const key = new TextEncoder().encode(secretKey);

const token = await new SignJWT({ org: organizationId })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: accessKey })
  .setIssuer(`urn:meshes:m2m:${accessKey}`)
  .setAudience('meshes-api')
  .setIssuedAt()
  .setExpirationTime('30s')
  .sign(key);

console.log(token);
