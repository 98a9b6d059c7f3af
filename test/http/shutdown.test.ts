import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { OPERATOR_TOKEN, startTestApp } from '../support/app.ts';
import { start } from '../support/cli.ts';
import { freshDatabase } from '../support/database.ts';

describe('graceful shutdown', () => {
  it('lets a request that is in flight when the app closes finish, then refuses new connections', async () => {
    const app = await startTestApp();
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.http.server.address() as AddressInfo;
    const body = Buffer.from(JSON.stringify({ name: '遅い町', nameKana: 'おそいまち' }));
    const request = http.request({
      port,
      host: '127.0.0.1',
      method: 'POST',
      path: '/api/registry/districts',
      headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    const answered = new Promise<{ status: number | undefined; text: string }>((resolve, reject) => {
      request.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode, text }));
      });
      request.on('error', reject);
    });
    const arrived = once(app.http.server, 'request');
    request.write(body.subarray(0, 10));
    // The server has parsed the headers and is waiting for the rest of the body.
    await arrived;
    const closing = app.close();
    request.end(body.subarray(10));
    const response = await answered;
    expect(response.status).toBe(201);
    expect(JSON.parse(response.text)).toMatchObject({ name: '遅い町' });
    await closing;
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    await app.testDatabase.drop();
  });

  it('stops the server process cleanly on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-stop-'));
    const postgres = process.env.DATABASE_URL ? await freshDatabase() : undefined;
    try {
      const child = start(['serve'], { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: postgres?.url, SEED_DEMO: 'false' });
      let logs = '';
      const listening = new Promise<void>((resolve) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          logs += chunk.toString();
          if (logs.includes('Tsunagu is serving')) resolve();
        });
      });
      await listening;
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
      expect(logs).toContain('finishing in-flight requests');
      expect(logs).toMatch(/"msg":"stopped"/);
    } finally {
      await postgres?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
