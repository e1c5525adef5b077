import type { Viewer } from '../access/policy.js';
import type { User } from '../auth/users.js';

export interface FlashMessage {
  type?: 'success';
  text: string;
}

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    /** Password checked, second factor still to come. */
    pendingUserId?: string;
    /** A TOTP secret being set up, kept server-side until the user proves they have it. */
    enrolSecret?: string;
    /** A single sign-on in progress: the checks the callback must match, and where to go afterwards. */
    oidc?: { state: string; nonce: string; codeVerifier: string; returnTo?: string };
    flash?: FlashMessage;
    signedInAt?: number;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      cspNonce: string;
      correlationId: string;
      currentUser?: User;
      viewer?: Viewer;
      csrfToken?: string;
      apiToken?: { id: string; name: string };
    }
  }
}

export {};
