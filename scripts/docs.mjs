// Rewrites the README's options reference from the option tables (run `npm run build` first).
import { readFileSync, writeFileSync } from 'node:fs';
import { optionsMarkdown, replaceSection } from '../dist/cli/options-doc.js';

const readme = readFileSync('README.md', 'utf8');
writeFileSync('README.md', replaceSection(readme, optionsMarkdown()));
console.log('README options reference updated');
