export default { testDir: '.', testMatch: 'dbg.spec.ts' };
