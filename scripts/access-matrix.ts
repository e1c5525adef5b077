import { writeFileSync } from 'node:fs';
import { accessMatrixMarkdown } from '../src/platform/access/matrix.js';

writeFileSync(new URL('../docs/access-matrix.md', import.meta.url), accessMatrixMarkdown());
console.log('docs/access-matrix.md written');
