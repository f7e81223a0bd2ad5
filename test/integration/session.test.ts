// The session's credentials: work asked for while they are read waits for them, and of two reads at
// once the later one decides, so no work starts on credentials that were replaced.
import * as assert from 'node:assert/strict';
import type { Credentials } from '../../src/client/credentials';
import type { Logger } from '../../src/logger';
import type { ActiveProfile, ProfileStore } from '../../src/profileStore';
import { Session } from '../../src/session';
import { readSettings } from '../../src/settings';
import { DEMO_ACCOUNT } from '../emulator';
import { suiteWithEmulator } from './helpers';

describe('Session', function () {
  suiteWithEmulator({ seed: 'none' });
  const replaced: Credentials = { kind: 'token', token: 'a-token-from-before-the-change' };
  const current: Credentials = { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk };

  /** Profiles whose reads take `delays` ms, in turn, and answer what was stored when they began (SecretStorage is async). */
  function slowStore(delays: number[]): { store: ProfileStore; set(credentials: Credentials): void } {
    let stored: Credentials | undefined;
    const store = {
      secrets: () => [],
      active: () => {
        const active: ActiveProfile = { profile: { id: 'settings', name: 'Default', source: 'settings', origin: 'settings', target: {} }, credentials: stored, settings: readSettings() };
        return new Promise<ActiveProfile>((resolve) => setTimeout(() => resolve(active), delays.shift() ?? 0));
      },
    } as unknown as ProfileStore;
    return { store, set: (credentials) => (stored = credentials) };
  }
  const logger = { setSecrets: () => undefined, clientEvent: () => undefined, context: () => undefined } as unknown as Logger;
  /** One real call: the emulator accepts only the current credentials. */
  const callWith = (session: Session) => session.use((client) => client.listAssets({ limit: 1 }).then(() => 'current', (e: { kind?: string }) => `refused (${e.kind})`));

  it('work asked for while new credentials are read runs on the new ones', async () => {
    const { store, set } = slowStore([0, 100]);
    const session = new Session(store, logger);
    set(replaced);
    await session.load();
    set(current);
    const loading = session.load();
    const during = callWith(session); // e.g. a refresh of the view meanwhile
    await loading;
    assert.equal(await during, 'current');
    assert.equal(await callWith(session), 'current');
    session.dispose();
  });

  it('of two reads at once, the later one decides, even when the earlier answers last', async () => {
    const { store, set } = slowStore([150, 10]);
    const session = new Session(store, logger);
    set(replaced);
    const earlier = session.load();
    set(current);
    const later = session.load();
    await Promise.all([earlier, later]);
    assert.equal(await callWith(session), 'current');
    session.dispose();
  });
});
