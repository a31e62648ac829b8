// Writes docs/options.md from the option tables (run `npm run build` first).
import { mkdirSync, writeFileSync } from 'node:fs';
import { OPTIONS_DOC, optionsDocument } from '../dist/cli/options-doc.js';

mkdirSync('docs', { recursive: true });
writeFileSync(OPTIONS_DOC, optionsDocument());
console.log(`${OPTIONS_DOC} updated`);
