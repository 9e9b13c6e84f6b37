// The page's Content-Security-Policy: its own scripts, styles and files only,
// WebAssembly for the demo's program, no inline code, no plugins, no forms
// sent anywhere. `npm run web` sends it as a header; the published page
// (GitHub Pages sends no headers of ours) carries it as a meta tag.

const DIRECTIVES = [
  "default-src 'none'",
  // 'wasm-unsafe-eval': WebAssembly.instantiate of the demo's netreset.wasm, nothing else.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  // index.html's empty favicon is a data: URL (no request for /favicon.ico).
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
];

/** For the meta tag: a browser ignores frame-ancestors there (and says so in the console). */
export const PAGE_CSP = DIRECTIVES.join("; ");

/** The header: the same, and no site may frame the page (clickjacking a USB chooser). */
export const SERVED_CSP = [...DIRECTIVES, "frame-ancestors 'none'"].join("; ");
