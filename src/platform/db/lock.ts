import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export class DataDirInUseError extends Error {}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has no lock of its own: two processes on one data folder corrupt it.
 * An exclusive lock file (created with O_EXCL) holding our pid guards the folder;
 * a lock left by a process that has died is taken over.
 */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'probity.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: { pid?: number; host?: string; since?: string } = {};
      try {
        holder = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        /* unreadable lock: treat as stale */
      }
      const sameHost = !holder.host || holder.host === hostname();
      if (holder.pid && sameHost && processIsAlive(holder.pid)) {
        throw new DataDirInUseError(
          `The embedded database in ${dir} is already in use by another Probity process (pid ${holder.pid}, since ${holder.since}). ` +
            'Stop that process first, or point PROBITY_DATA_DIR at another folder.',
        );
      }
      if (!sameHost) throw new DataDirInUseError(`The embedded database in ${dir} is locked by host ${holder.host}; remove ${file} only if that host has stopped.`);
      rmSync(file, { force: true });
    }
  }
  throw new DataDirInUseError(`Could not lock ${dir}`);
}
