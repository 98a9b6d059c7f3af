import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEventDelivery, verifyWebhookSignature } from '@platform/events/index.ts';
import type { TestApp } from '../support/app.ts';
import { Agent } from '../support/agent.ts';
import { authorize, registerService, relyingParty, signUp, startListeningApp } from '../support/platform.ts';

type Received = { headers: http.IncomingHttpHeaders; body: string };

let app: TestApp & { origin: string };
let receiver: http.Server;
const received: Received[] = [];

beforeAll(async () => {
  app = await startListeningApp({ SEED_DEMO: 'false' });
  receiver = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  receiver.close();
  await app.stop();
});

describe('consent events', () => {
  it('tells the service by signed webhook, from the same transaction, when a citizen withdraws', async () => {
    const service = await registerService(app.origin, [{ category: 'contact', required: false }]);
    const config = await relyingParty(app.origin, service);
    const { access_token: serviceToken } = await client.clientCredentialsGrant(config, {});
    const subscribed = await fetch(`${app.origin}/api/events/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serviceToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, types: ['consent.withdrawn'] }),
    });
    expect(subscribed.status).toBe(201);
    const { secret } = (await subscribed.json()) as { secret: string };

    const citizen = new Agent(app.origin);
    await signUp(citizen, 'events@example.jp');
    const tokens = await authorize(config, citizen, service, ['tsunagu:contact'], ['contact']);
    expect((await citizen.request(`/api/consent/mine/${service.clientId}/withdraw`, { json: {} })).status).toBe(200);

    const delivery = startEventDelivery({ database: app.testDatabase.database, log: app.log, poll: false });
    await delivery.runOnce();
    await delivery.runOnce();
    await delivery.stop();

    expect(received).toHaveLength(1);
    const [webhook] = received;
    expect(webhook?.headers['tsunagu-event-type']).toBe('consent.withdrawn');
    expect(verifyWebhookSignature(secret, String(webhook?.headers['tsunagu-signature']), webhook?.body ?? '').valid).toBe(true);
    const event = JSON.parse(webhook?.body ?? '{}') as { subject: string; data: { categories: string[]; clientId: string } };
    expect(event.subject).toBe(tokens.claims()?.sub);
    expect(event.data).toMatchObject({ clientId: service.clientId, categories: ['contact'] });
    expect(
      verifyWebhookSignature(secret, String(webhook?.headers['tsunagu-signature']), (webhook?.body ?? '').replace('contact', 'household')).valid,
    ).toBe(false);
  });
});
