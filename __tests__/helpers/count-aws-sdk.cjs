// Preloaded with `node --require` by terraform-backend-online.test.ts: reports, at exit, how many
// AWS SDK modules the process loaded. The SDK is CommonJS, so its modules land in require.cache
// even when imported from ESM.
process.on('exit', () => {
  const n = Object.keys(require.cache).filter((p) => p.includes(`${require('node:path').sep}@aws-sdk${require('node:path').sep}`)).length;
  process.stderr.write(`aws-sdk modules loaded: ${n}\n`);
});
