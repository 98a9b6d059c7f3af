import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LinkageOutcome } from '@lib/service-kit/index.ts';
import { LinkageRepository } from '@services/disaster/linkage-repository.ts';
import { FakePlatform, aizuTestbed, type Testbed } from './support.ts';

/** A platform that does not answer: the process writing to it dies while it waits. */
class HangingPlatform extends FakePlatform {
  override write(): Promise<LinkageOutcome<{ id: string; recordedAt: string }>> {
    return new Promise(() => undefined);
  }
}

/** A platform that is down (5xx) until it comes back. */
class FlakyPlatform extends FakePlatform {
  down = true;
  override async write(subject: string, category: string, data: unknown) {
    if (this.down) throw new Error('The platform answered 503');
    return super.write(subject, category, data);
  }
}

let bed: Testbed;
let eventId: string;

beforeAll(async () => {
  bed = await aizuTestbed();
  // Each test runs its own processes on the database; the testbed's would take their reports too.
  await bed.services.outbox.stop();
  ({
    event: { id: eventId },
  } = await bed.services.events.declare('staff', { hazard: 'earthquake', title: '会津地震', openAllSuitable: true }));
}, 60_000);
afterAll(() => bed.stop());

const written = (platform: FakePlatform, subject: string) =>
  platform.writes.filter((w) => w.subject === subject).map((w) => w.data as { reportId: string; status: string });

describe('the linkage outbox across a crash', () => {
  it('writes reports a process stored but never sent, or was sending when it died, once a new process starts on the same database', async () => {
    // The first process: its platform never answers, and a lease of 0 s runs out at once.
    const dying = bed.process(new HangingPlatform(), { leaseSeconds: 0 });
    dying.outbox.start();
    const mid = randomUUID();
    await dying.citizens.report('crash-a', eventId, { id: mid, status: 'injured', note: '足をけが' });
    const repo = new LinkageRepository(bed.test.database.db);
    // The outbox claims the report on its own schedule, just after the report is stored.
    await vi.waitFor(async () => expect((await repo.state(mid))?.linkage).toBe('sending'));
    const left = randomUUID();
    // Stored while the outbox is stuck on the first write: it stays pending.
    await dying.citizens.report('crash-b', eventId, { id: left, status: 'safe' });
    expect((await repo.state(left))?.linkage).toBe('pending');
    // The process dies here; a new one starts on the same database.
    const platform = new FakePlatform();
    platform.optIn('crash-a', 'safety_status');
    platform.optIn('crash-b', 'safety_status');
    const restarted = bed.process(platform);
    restarted.outbox.start();
    await restarted.outbox.idle();
    expect(written(platform, 'crash-a')).toEqual([expect.objectContaining({ reportId: mid, status: 'injured' })]);
    expect(written(platform, 'crash-b')).toEqual([expect.objectContaining({ reportId: left, status: 'safe' })]);
    expect(await repo.state(mid)).toEqual({ linkage: 'written', attempts: 2 });
    await restarted.outbox.stop();
  });

  it('keeps retrying a write while the platform is down, writes it once it answers, and never writes an older report over a newer one', async () => {
    const platform = new FlakyPlatform();
    platform.optIn('flaky', 'safety_status');
    // Retries at once (no growing pause) so that the test need not wait.
    const process = bed.process(platform, { retrySeconds: 0 });
    process.outbox.start();
    const repo = new LinkageRepository(bed.test.database.db);
    const first = randomUUID();
    await process.citizens.report('flaky', eventId, { id: first, status: 'rescue' });
    await expect.poll(async () => (await repo.state(first))?.attempts).toBeGreaterThanOrEqual(2);
    expect(written(platform, 'flaky')).toEqual([]);
    platform.down = false;
    await expect.poll(async () => (await repo.state(first))?.linkage).toBe('written');
    expect(written(platform, 'flaky')).toEqual([expect.objectContaining({ reportId: first, status: 'rescue' })]);

    // Down again: a report fails; while the outbox is stopped a newer one is stored. Only the newer one is written.
    platform.down = true;
    const older = randomUUID();
    await process.citizens.report('flaky', eventId, { id: older, status: 'injured' });
    await expect.poll(async () => (await repo.state(older))?.linkage).toBe('failed');
    await process.outbox.stop();
    expect((await repo.state(older))?.linkage).toBe('failed');
    platform.down = false;
    const newer = randomUUID();
    await process.citizens.report('flaky', eventId, { id: newer, status: 'safe' });
    process.outbox.start();
    await process.outbox.idle();
    expect((await repo.state(newer))?.linkage).toBe('written');
    expect((await repo.state(older))?.linkage).toBe('superseded');
    expect(written(platform, 'flaky').map((w) => w.status)).toEqual(['rescue', 'safe']);
    await process.outbox.stop();
  });
});
