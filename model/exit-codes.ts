/** Exit codes shared by every command (the flash command adds its own, cli/context.ts). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
