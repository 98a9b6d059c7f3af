/**
 * The Node flag that keeps AsyncLocalStorage cheap on Node 22. oidc-provider keeps each OpenID
 * request's context in one; without the flag that switches on a hook for every promise of the
 * process, which halved linkage reads (1,341 → 2,492 reads/s with it, back to back). From Node 24
 * it is the default and the flag is refused, so it is given only to Node 22 (npm start does).
 */
export const ASYNC_CONTEXT_FRAME_FLAG = '--experimental-async-context-frame';

/** True when this Node keeps AsyncLocalStorage in async context frames (cheap). */
export function asyncContextFrameOn(): boolean {
  const [major = 0] = process.versions.node.split('.').map(Number);
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return major >= 24 ? !given.includes('--no-async-context-frame') : given.includes(ASYNC_CONTEXT_FRAME_FLAG);
}

/** What to give a Node of this version that starts Tsunagu, as npm start does. */
export function serverNodeArgs(): string[] {
  const [major = 0] = process.versions.node.split('.').map(Number);
  return major < 24 ? [ASYNC_CONTEXT_FRAME_FLAG] : [];
}
