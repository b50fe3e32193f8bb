// Mints a machine JWT exactly as the Meshes docs do with `jsonwebtoken` (seed: Authentication).
const jwt = require('jsonwebtoken');

const accessKey = process.env.MESHES_ACCESS_KEY;
const secretKey = process.env.MESHES_SECRET_KEY;
const organizationId = process.env.MESHES_ORG_ID;

const now = Math.floor(Date.now() / 1000);

const payload = {
  iss: `urn:meshes:m2m:${accessKey}`,
  aud: 'meshes-api',
  org: organizationId,
  iat: now,
  exp: now + 30,
};

const token = jwt.sign(payload, secretKey, {
  algorithm: 'HS256',
  header: { kid: accessKey, typ: 'JWT' },
});

console.log(token);
