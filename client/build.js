// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// Build the client extension into sao's web root:
//     node build.js <sao web root>      (scripts/client.sh does it)
// writes custom.js and custom.css (which sao's index.html loads) and
// crm/ (the Vazirmatn web fonts and the brand's logo) there.
import {build} from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = process.argv[2];
if (!root || !fs.existsSync(path.join(root, 'index.html'))) {
    console.error('usage: node build.js <sao web root>');
    process.exit(2);
}
const banner = '/* CRM Fin suite: extension of sao, built from client/src ' +
    '(do not edit, rebuild with scripts/client.sh) */';

await build({
    entryPoints: [path.join(here, 'src', 'main.js')],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    outfile: path.join(root, 'custom.js'),
    banner: {js: banner},
    logLevel: 'warning',
});
await build({
    entryPoints: [path.join(here, 'src', 'main.css')],
    bundle: true,
    outfile: path.join(root, 'custom.css'),
    // the fonts and images the CSS names land in <root>/crm/
    loader: {'.woff2': 'file', '.svg': 'file', '.png': 'file'},
    assetNames: 'crm/[name]',
    banner: {css: banner},
    logLevel: 'warning',
});
// The logo is also shown by the login dialog and the title bar (an <img>)
const brand = JSON.parse(fs.readFileSync(
    path.join(here, 'branding', 'brand.json'), 'utf8'));
fs.mkdirSync(path.join(root, 'crm'), {recursive: true});
// The ZXing WebAssembly of the camera's barcode reader (scanner.js)
fs.copyFileSync(
    path.join(here, 'node_modules', 'zxing-wasm', 'dist', 'reader',
        'zxing_reader.wasm'),
    path.join(root, 'crm', 'zxing_reader.wasm'));
fs.copyFileSync(path.join(here, 'branding', brand.logo),
    path.join(root, 'crm', path.basename(brand.logo)));
