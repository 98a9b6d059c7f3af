#!/usr/bin/env node
// @ts-check
// `npm run demo:service`: まちの暮らしナビ（デモ）, a fictional outside service that signs citizens in
// with Tsunagu and reads their data through linkage. See README.md next to this file.
import { createDemoService, settingsFromEnv } from './app.js';

const settings = settingsFromEnv(process.env);
const server = createDemoService(settings);
server.listen(settings.port, settings.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  console.log(`まちの暮らしナビ（デモ） listening on ${settings.host}:${port}; open ${settings.publicUrl}/ (Tsunagu at ${settings.tsunaguUrl})`);
});
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
