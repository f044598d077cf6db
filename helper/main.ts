/**
 * Entry of the companion program (bundled to dist/helper/m2k-probe.cjs).
 * Early stub so `npm run build` works while the host and CLI are written.
 */
const args = process.argv.slice(2);
if (args[0] === '--version') process.stdout.write('m2k-probe 0.1.0\n');
else process.stdout.write('m2k-probe: usage: m2k-probe check|install|uninstall|status\n');
