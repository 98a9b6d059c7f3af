import { readFileSync } from 'node:fs';
import { treeOf } from './cpu.js';

/**
 * Resident set size of a process in MiB, from Linux's /proc.
 * @param {number} pid
 */
function processRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`/proc/${pid}/status has no VmRSS line`);
  return Number(kb) / 1024;
}

/**
 * Resident set size of a server in MiB: its process and every process it forked (HTTP and jobs
 * processes), summed. Pages the processes share count once per process, so a forked server reads high.
 * @param {number} pid
 */
export function rssMb(pid) {
  return treeOf(pid).reduce((sum, p) => sum + processRssMb(p), 0);
}

/**
 * Samples a process's RSS every `everyMs` until stopped; `stop()` returns the peak.
 * A sample that fails (the process just exited) is skipped.
 * @param {number} pid
 * @param {number} [everyMs]
 */
export function samplePeakRss(pid, everyMs = 250) {
  let peak = rssMb(pid);
  const sample = () => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      // the next sample, or the caller, notices a dead server
    }
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
