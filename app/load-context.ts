declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-request nonce for the Content-Security-Policy (set by the HTTP server). */
    cspNonce?: string;
  }
}

export {};
