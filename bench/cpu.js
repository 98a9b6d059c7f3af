import { readdirSync, readFileSync } from 'node:fs';

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

/** A process and every process under it (a server started with WORKERS=n forks n workers). */
export function treeOf(/** @type {number} */ pid) {
  /** @type {number[]} */
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    for (const task of readdirSync(`/proc/${pids[i]}/task`)) {
      const children = readFileSync(`/proc/${pids[i]}/task/${task}/children`, 'utf8').trim();
      if (children) pids.push(...children.split(' ').map(Number));
    }
  }
  return pids;
}

/**
 * Counts CPU time from now until `stop()`: the whole machine's (the server, the database, this
 * load generator, the kernel) and the server's (its process and any workers it forked), both in
 * µs. Linux only, like the RSS figures; elsewhere `stop()` returns undefined.
 * @param {number} serverPid
 */
export function cpuMeter(serverPid) {
  // The processes are found once, at the start: the workers live as long as the server.
  /** @type {number[]} */
  let server;
  try {
    server = treeOf(serverPid);
  } catch {
    // not Linux (read() below then fails too, and stop() returns undefined), or a process gone meanwhile
    server = [serverPid];
  }
  const read = () => {
    try {
      return { machine: machineBusyUs(), server: server.reduce((sum, pid) => sum + processUs(pid), 0) };
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
