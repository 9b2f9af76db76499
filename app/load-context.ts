declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-request nonce for the Content-Security-Policy (set by the HTTP server). */
    cspNonce?: string;
    /** The client's address as Express sees it (proxies trusted only on loopback). */
    clientAddress?: string;
  }
}

export {};
