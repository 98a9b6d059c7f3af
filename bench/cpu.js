import { readFileSync } from 'node:fs';

// Linux reports CPU time in /proc in clock ticks of USER_HZ, which is 100 on every architecture
// Node runs on (the kernel keeps it fixed for userspace whatever its internal HZ).
const TICK_US = 10_000;

/** CPU time the whole machine spent busy (every state but idle, iowait and steal), in µs since boot. */
function machineBusyUs() {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.trim().split(/\s+/) ?? [];
  // user nice system idle iowait irq softirq steal (guest time is already counted in user)
  const [user, nice, system, , , irq, softirq] = ticks.map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0)) * TICK_US;
}

/** CPU time (user and system) of one process, in µs. */
function processUs(/** @type {number} */ pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses: the fields start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_US;
}

/**
 * Counts CPU time from now until `stop()`: the whole machine's (the server, the database, this
 * load generator, the kernel) and the server process's, both in µs. Linux only, like the RSS
 * figures; elsewhere `stop()` returns undefined.
 * @param {number} serverPid
 */
export function cpuMeter(serverPid) {
  const read = () => {
    try {
      return { machine: machineBusyUs(), server: processUs(serverPid) };
    } catch {
      return undefined;
    }
  };
  const start = read();
  return {
    /** @returns {{ machineUs: number, serverUs: number } | undefined} */
    stop() {
      const end = read();
      return start && end ? { machineUs: end.machine - start.machine, serverUs: end.server - start.server } : undefined;
    },
  };
}
