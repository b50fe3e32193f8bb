// Verifies one Standard Webhooks message with the official `standardwebhooks` npm package, the way
// a receiver would: `new Webhook(secret).verify(body, headers)`.
// Usage: node verify-standard-webhook.mjs <message.json>, where the file holds
//   {"secret": "whsec_…", "headers": {"webhook-id": …, "webhook-timestamp": …, "webhook-signature": …},
//    "body_base64": "<the exact request body bytes, base64>"}
// Exit 0 when the signature verifies, 1 when it does not, 2 on bad usage.
import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';

const file = process.argv[2];
if (!file) {
  console.error('usage: node verify-standard-webhook.mjs <message.json>');
  process.exit(2);
}

const { secret, headers, body_base64: bodyBase64 } = JSON.parse(readFileSync(file, 'utf8'));
// A Buffer, not a re-serialized object: the signature covers the exact bytes received.
const body = Buffer.from(bodyBase64, 'base64');

try {
  new Webhook(secret).verify(body, headers);
  console.log('verified');
} catch (error) {
  console.error(`not verified: ${error.message}`);
  process.exit(1);
}
