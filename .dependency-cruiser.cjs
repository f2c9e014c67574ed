// @ts-check
/**
 * The architecture, as rules: imports point one way, down this list (a folder may import only folders before it;
 * folders on one line are siblings and do not import each other):
 *
 *   core                      what everything uses: clock, exit and signals, processes, exec, containment, stats
 *   server · recorder         the bundled server; what the page saw
 *   drivers                   which browser, how driven
 *   faults                    how a fault is injected
 *   scenarios                 what is tested (data: schema, catalog, profile, timing, mechanisms)
 *   runner                    one scenario's trials: server + driver + fault + recorder
 *   findings                  what we conclude
 *   reporters                 for people (Markdown, HTML, diffs, bench, stability)
 *   fixtures · specs          Playwright's side; playwright.config.ts wires it all
 *
 * Checked by specs/lab/architecture.spec.ts, inside `npm test`.
 */
const layers = [['core'], ['server', 'recorder'], ['drivers'], ['faults'], ['scenarios'], ['runner'], ['findings'], ['reporters']];

/** One rule per layer: nothing in it imports a folder of its own rank (another sibling) or above. */
const upward = layers.flatMap((folders, rank) =>
  folders.map(folder => {
    const notAllowed = [...layers.slice(rank).flat().filter(f => f !== folder), 'fixtures', 'specs'];
    return {
      name: `layer-${folder}`,
      comment: `${folder}/ may import only ${layers.slice(0, rank).flat().join(', ') || 'no other project folder'} (layers point one way)`,
      severity: 'error',
      from: { path: `^${folder}/` },
      to: { path: `^(${notAllowed.join('|')})/` },
    };
  }),
);

/** A rule that only `importers` (path patterns) and the folder itself import `folder`. */
const importedOnlyBy = (folder, importers, comment) => ({
  name: `who-imports-${folder}`,
  comment,
  severity: 'error',
  from: { pathNot: `^(${[`${folder}/`, ...importers].join('|')})` },
  to: { path: `^${folder}/` },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'scenarios-are-data',
      comment: 'scenarios/ describes what is tested; beyond core it may use only the fault vocabulary',
      severity: 'error',
      from: { path: '^scenarios/' },
      to: { path: '^(server|recorder|drivers)/' },
    },
    importedOnlyBy('fixtures', ['specs/', 'playwright\\.config\\.ts$'], "fixtures/ is Playwright's wiring for specs; the config may name its types"),
    importedOnlyBy('reporters', ['specs/lab/', 'playwright\\.config\\.ts$'], "reporters/ are run by Playwright's config and npm scripts; lab specs import them to test them"),
    {
      name: 'no-circular',
      comment: 'a cycle makes two modules one; split out what both need',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'a module nothing imports and that imports nothing is dead, unless it is run or served by path',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '(^|/)\\.[^/]+\\.(c|m)?js$', // dot-file configs
          '\\.d\\.ts$',
          '(^|/)playwright\\.config\\.ts$', // run by `playwright test --config`
          '^recorder/(lag-watch|page|heartbeat)\\.js$', // served to the page as files
          '^drivers/netns-relay\\.ts$', // run by path inside a namespace
          '^faults/netns-listener\\.ts$', // run by path inside a namespace
          '^server/process-main\\.ts$', // run by path as the server's own process
        ],
      },
      to: {},
    },
    {
      name: 'no-unresolvable',
      comment: 'an import that resolves to nothing',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // TypeScript 7 has no in-process compiler for dependency-cruiser to load; swc parses the .ts files instead.
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|reports|test-results|playwright-report|blob-report|\\.dbg)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: a type from above is still a dependency on what is above.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.cjs', '.json'],
      // Packages that say what they export (typescript/unstable/…) resolve as Node and tsc resolve them.
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
