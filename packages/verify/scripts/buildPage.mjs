// Puts the page's script (dist/page.global.js, the IIFE tsup builds) into page/template.html, giving the
// self-contained dist/verify.html: one file, every script inlined, usable from file:// without a network.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
const script = readFileSync(new URL('page.global.js', dist), 'utf8');
// "</script" inside the script would end the element early; the escaped form means the same to JavaScript.
const safe = script.replaceAll('</script', '<\\/script');
const template = readFileSync(new URL('../page/template.html', import.meta.url), 'utf8');
const [before, after] = template.split('/*SCRIPT*/');
if (after === undefined) throw new Error('page/template.html has no /*SCRIPT*/ placeholder');
writeFileSync(new URL('verify.html', dist), before + safe + after);
rmSync(new URL('page.global.js', dist));
console.log(`verify.html: ${Math.round((before.length + safe.length + after.length) / 1024)} KiB`);
