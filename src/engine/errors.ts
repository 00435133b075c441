/** A mistake in how guardfix was called (exit 2). */
export class UsageError extends Error {}
