/** Three linked nodes: つなぐ means "to connect". Decorative; the brand text names it. */
export function Logo({ size = 36 }: { size?: number }) {
  return (
    <svg className="logo" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="#1b4a82" />
      <path d="M9 22 16 10 23 22Z" fill="none" stroke="#ffffff" strokeWidth="2" strokeLinejoin="round" opacity="0.7" />
      <circle cx="16" cy="10" r="3.4" fill="#ffffff" />
      <circle cx="9" cy="22" r="3.4" fill="#ffffff" />
      <circle cx="23" cy="22" r="3.4" fill="#f2b8a0" />
    </svg>
  );
}
