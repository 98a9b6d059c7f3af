/**
 * The Node flag that keeps AsyncLocalStorage cheap on Node 22. oidc-provider keeps each OpenID
 * request's context in one; without the flag that switches on a hook for every promise of the
 * process, which halved linkage reads (1,341 → 2,492 reads/s with it, back to back). From Node 24
 * it is the default and the flag is refused, so it is given only to Node 22 (npm start does).
 */
export const ASYNC_CONTEXT_FRAME_FLAG = '--experimental-async-context-frame';

/** The major version of the Node that runs this process. */
export const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

/** True when this Node keeps AsyncLocalStorage in async context frames (cheap). */
export function asyncContextFrameOn(): boolean {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return NODE_MAJOR >= 24 ? !given.includes('--no-async-context-frame') : given.includes(ASYNC_CONTEXT_FRAME_FLAG);
}

/**
 * A young generation of 64 MiB semi-spaces (V8 otherwise sizes them itself, smaller). The
 * server's batches (fifty payments, five hundred linkage writes) keep their objects alive across
 * a round trip to PostgreSQL; with small semi-spaces the collector runs often enough to find them
 * still alive, copy them and move them to the old generation, where they cost a full collection.
 * Measured at 128 connections on currency-payments (2026-11-27): the collector's time per payment
 * halved (about 51 -> 26 µs, CPU profile), and the server's CPU per payment was 278 and 265 µs
 * against 350 and 287 without, alternating. It costs about 80 MiB more resident memory there.
 */
export const YOUNG_GENERATION_FLAG = '--max-semi-space-size=64';

/** What to give a Node of this version that starts Tsunagu, as npm start does. */
export function serverNodeArgs(): string[] {
  return NODE_MAJOR < 24 ? [ASYNC_CONTEXT_FRAME_FLAG, YOUNG_GENERATION_FLAG] : [YOUNG_GENERATION_FLAG];
}
