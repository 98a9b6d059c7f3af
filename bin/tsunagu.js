#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, with the project's tsconfig (for its path aliases).
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  process.stderr.write(
    `Tsunagu needs Node.js 22 or newer (this is ${process.version}). Run it through npm (npm start, npm run tsunagu) to use the Node 22 that npm installed.\n`,
  );
  process.exit(1);
}
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/cli/main.ts');
