import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from './lock.js';

describe('data folder lock', () => {
  it('refuses a second holder while the first is alive, and frees the folder on release', () => {
    const dir = mkdtempSync(join(tmpdir(), 'probity-lock-'));
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir)).toThrow(/already in use by another Probity process/);
    release();
    const again = lockDataDir(dir);
    again();
    rmSync(dir, { recursive: true });
  });

  it('takes over a lock left by a process that has died', () => {
    const dir = mkdtempSync(join(tmpdir(), 'probity-lock-'));
    writeFileSync(join(dir, 'probity.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), since: 'long ago' }));
    const release = lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, 'probity.lock'), 'utf8')).pid).toBe(process.pid);
    release();
    rmSync(dir, { recursive: true });
  });
});
