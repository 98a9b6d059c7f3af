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

/** What to give a Node of this version that starts Tsunagu, as npm start does. */
export function serverNodeArgs(): string[] {
  return NODE_MAJOR < 24 ? [ASYNC_CONTEXT_FRAME_FLAG] : [];
}
