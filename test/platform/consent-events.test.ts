import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEventDelivery, verifyWebhookSignature } from '@platform/events/index.ts';
import { OPERATOR_TOKEN, type TestApp } from '../support/app.ts';
import { Agent } from '../support/agent.ts';
import { authorize, registerService, relyingParty, signUp, startListeningApp } from '../support/platform.ts';
import { ICHIRO, importTwoResidents, verifyAs } from '../support/residents.ts';

type Received = { headers: http.IncomingHttpHeaders; body: string };

let app: TestApp & { origin: string };
let receiver: http.Server;
const received: Received[] = [];

beforeAll(async () => {
  app = await startListeningApp();
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

describe('registry events', () => {
  it('tells a service the citizen opted in to, under its own subject, when the registry records the move', async () => {
    await importTwoResidents(app.testDatabase.database);
    const service = await registerService(app.origin, [{ category: 'basic_four', required: true }], '転居を知りたいサービス');
    const config = await relyingParty(app.origin, service);
    const { access_token: serviceToken } = await client.clientCredentialsGrant(config, {});
    const subscribed = await fetch(`${app.origin}/api/events/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serviceToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/moves`, types: ['registry.person.moved'] }),
    });
    expect(subscribed.status).toBe(201);
    const citizen = new Agent(app.origin);
    await signUp(citizen, 'mover@example.jp');
    await verifyAs(citizen, ICHIRO);
    const tokens = await authorize(config, citizen, service, ['tsunagu:basic_four'], ['basic_four']);

    const csv = [
      '世帯番号,住民票コード,氏名,フリガナ,生年月日,性別,続柄,町名,番地',
      'H-TEST-0001,90000000001,鶴ヶ 一郎,ツルガ イチロウ,1975-05-05,男,世帯主,七日町,5-5',
      'H-TEST-0001,90000000002,鶴ヶ 二葉,ツルガ フタバ,1978-08-08,女,妻,七日町,5-5',
    ].join('\n');
    const imported = await fetch(`${app.origin}/api/registry/imports?effectiveDate=2026-11-20`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(imported.status).toBe(201);

    const before = received.length;
    const delivery = startEventDelivery({ database: app.testDatabase.database, log: app.log, poll: false });
    await delivery.runOnce();
    await delivery.runOnce();
    await delivery.stop();
    const moves = received.slice(before).filter((r) => r.headers['tsunagu-event-type'] === 'registry.person.moved');
    expect(moves).toHaveLength(1);
    const event = JSON.parse(moves[0]?.body ?? '{}') as { subject: string; data: { kind: string; effectiveOn: string } };
    expect(event.subject).toBe(tokens.claims()?.sub);
    expect(event.data).toEqual({ kind: 'within-city', effectiveOn: '2026-11-20' });
    expect(moves[0]?.body).not.toContain('七日町');
  });
});
