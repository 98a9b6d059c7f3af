// `npm run bench`: registers tsx first, because scenarios drive the server with the tests'
// own TypeScript helpers (a browserless agent, the OpenID flow), then runs the bench.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('./cli.js');
