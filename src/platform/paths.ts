import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json, found from this file whether it runs from src/ (tests) or dist/ (built). */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the Probity project folder (no package.json above this file)');
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot();
/** Source folder: views and SQL migrations are read from here in both src and dist runs. */
export const sourceRoot = join(projectRoot, 'src');
