import { useSyncExternalStore } from 'react';
import type { Problem } from '../../api/http';
import { api, type Point, type SafetyStatus } from './api';

/**
 * Safety reports kept in the browser (localStorage) until the API has them. Each has an id made
 * here when the person taps; the API stores a report once per id, so sending it again after a
 * lost answer is harmless, and the queue sends each report until it is acknowledged, once.
 */

export type QueuedReport = {
  id: string;
  /** Who tapped: sent only while that person is the one signed in on this browser. */
  subject: string;
  eventId: string;
  status: SafetyStatus;
  note: string | null;
  location: Point | null;
  createdAt: string;
  state: 'pending' | 'sent' | 'failed';
  sentAt: string | null;
  problem: Problem | null;
  /** The API refused the location (no opt-in) and the report went without it. */
  locationDropped: boolean;
};

const KEY = 'tsunagu.disaster.reports';
const KEEP_SENT = 5;
const listeners = new Set<() => void>();
let cache: QueuedReport[] | null = null;

function load(): QueuedReport[] {
  if (cache) return cache;
  try {
    const raw = window.localStorage.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    cache = Array.isArray(parsed) ? (parsed as QueuedReport[]) : [];
  } catch {
    cache = [];
  }
  return cache;
}

function save(next: QueuedReport[]): void {
  // Keep every unsent report and the last few sent ones.
  const sent = next.filter((r) => r.state !== 'pending').slice(-KEEP_SENT);
  cache = [...next.filter((r) => r.state === 'pending'), ...sent].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  try {
    window.localStorage.setItem(KEY, JSON.stringify(cache));
  } catch {
    // Storage full or blocked: the report still lives in memory for this page view.
  }
  for (const listener of listeners) listener();
}

function update(id: string, change: Partial<QueuedReport>): void {
  save(load().map((r) => (r.id === id ? { ...r, ...change } : r)));
}

// Another tab changed the queue.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key !== KEY) return;
    cache = null;
    for (const listener of listeners) listener();
  });
}

/** Every report on this device (callers filter to the signed-in person's). */
export function useReportQueue(): QueuedReport[] {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, load);
}

/** Queues a report and tries to send it at once. */
export function enqueueReport(input: {
  subject: string;
  eventId: string;
  status: SafetyStatus;
  note: string | null;
  location: Point | null;
}): QueuedReport {
  const report: QueuedReport = {
    ...input,
    id: crypto.randomUUID(),
    createdAt: new Date().toISOString(),
    state: 'pending',
    sentAt: null,
    problem: null,
    locationDropped: false,
  };
  save([...load(), report]);
  void flushReports();
  return report;
}

let flushing: Promise<void> | null = null;
let signedIn: string | null = null;

/** The person signed in to the service on this page; only their reports are sent. */
export function setQueueSubject(subject: string | null): void {
  signedIn = subject;
  if (subject !== null) void flushReports();
}

/**
 * Sends every pending report, oldest first; stops at the first network failure (they wait for
 * the connection). A refusal (event closed…) marks that report failed: sending it again would
 * not help. One flush at a time in this tab; across tabs, the Web Locks API when present.
 */
export function flushReports(): Promise<void> {
  if (flushing) return flushing;
  const run = async () => {
    for (const report of load().filter((r) => r.state === 'pending' && r.subject === signedIn)) {
      const outcome = await send(report);
      if (outcome === 'offline') break;
    }
  };
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  flushing = (locks ? locks.request('tsunagu-disaster-reports', run) : run()).finally(() => {
    flushing = null;
  });
  return flushing;
}

async function send(report: QueuedReport): Promise<'sent' | 'offline' | 'refused'> {
  // Another tab may have sent it meanwhile.
  const current = load().find((r) => r.id === report.id);
  if (!current || current.state !== 'pending') return 'sent';
  const body = { id: report.id, status: report.status, note: report.note, location: report.location };
  let result = await api<{ stored: 'new' | 'duplicate' }>('POST', `/events/${report.eventId}/reports`, body);
  let locationDropped = false;
  if (!result.ok && result.problem.code === 'location_not_consented') {
    locationDropped = true;
    result = await api('POST', `/events/${report.eventId}/reports`, { ...body, location: null });
  }
  if (result.ok) {
    update(report.id, { state: 'sent', sentAt: new Date().toISOString(), problem: null, locationDropped });
    return 'sent';
  }
  // Offline, a server that is down or overloaded, or a lapsed sign-in: keep it and try later.
  if (result.problem.status === 0 || result.problem.status >= 500 || result.problem.status === 429 || result.problem.status === 401) {
    update(report.id, { problem: result.problem });
    return 'offline';
  }
  update(report.id, { state: 'failed', problem: result.problem });
  return 'refused';
}

/** Sends the queue whenever the browser says it is back online, and every 15 s while something waits. */
export function startQueueSender(): () => void {
  const onOnline = () => void flushReports();
  window.addEventListener('online', onOnline);
  const timer = window.setInterval(() => {
    if (load().some((r) => r.state === 'pending' && r.subject === signedIn)) void flushReports();
  }, 15_000);
  void flushReports();
  return () => {
    window.removeEventListener('online', onOnline);
    window.clearInterval(timer);
  };
}
