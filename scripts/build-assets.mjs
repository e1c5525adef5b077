// Compiles the stylesheet and copies the browser script into public/assets (built, never committed).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'public', 'assets');
mkdirSync(out, { recursive: true });
const result = sass.compile(join(root, 'src/platform/ui/assets/app.scss'), {
  loadPaths: [root, join(root, 'node_modules')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import', 'global-builtin', 'slash-div'],
});
writeFileSync(join(out, 'app.css'), result.css);
copyFileSync(join(root, 'src/platform/ui/assets/app.js'), join(out, 'app.js'));
console.log(`assets built in ${out}`);
