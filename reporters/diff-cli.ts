/**
 * `npm run diff -- OLD.json NEW.json [--html FILE]`: what changed between two findings runs, as Markdown on stdout
 * (and HTML in FILE). Exit 0: no behaviour change; 1: an outcome changed or a time moved; 2: bad input.
 * The nightly's browser-upgrade alarm, and usable on any two runs a person kept.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { diffFindings } from '../findings/diff';
import { FindingsFile } from '../findings/schema';
import { renderDiffHtml } from './diff-html';
import { renderDiffMarkdown } from './diff-markdown';

// Enough to see the pattern of a broken file without burying the first problem.
const MAX_ISSUES = 10;
const usage = 'usage: npm run diff -- OLD.json NEW.json [--html FILE]';

/** Bad input: the message is for the person who ran the command, so no stack trace. */
class InputError extends Error {}

/** Reads and checks one findings file; any problem is an InputError naming the file and, for the schema, the field. */
function readFindingsFile(file: string): FindingsFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not JSON (${(error as Error).message})`);
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  // An older file fails on every field; the version alone says what is wrong.
  if (version !== 2) throw new InputError(`${file}: schemaVersion is ${JSON.stringify(version)}, this diff reads findings files of schemaVersion 2 (re-run the suite to write one)`);
  const parsed = FindingsFile.safeParse(json);
  if (parsed.success) return parsed.data;
  const { issues } = parsed.error;
  const more = issues.length > MAX_ISSUES ? `\n… and ${issues.length - MAX_ISSUES} more` : '';
  throw new InputError(`${file} is not a valid findings file:\n${z.prettifyError(new z.ZodError(issues.slice(0, MAX_ISSUES)))}${more}`);
}

/** The command line; an unknown option is an InputError with the usage. */
function readArgs(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: { html: { type: 'string' } } });
  } catch (error) {
    throw new InputError(`${(error as Error).message}\n${usage}`);
  }
}

function main(argv: string[]): number {
  const args = readArgs(argv);
  if (args.positionals.length !== 2) throw new InputError(usage);
  const [was, now] = args.positionals;
  const diff = diffFindings(readFindingsFile(was), readFindingsFile(now));
  const names = { was, now };
  process.stdout.write(renderDiffMarkdown(diff, names));
  if (args.values.html) writeFileSync(args.values.html, renderDiffHtml(diff, names));
  return diff.behaviourChanged ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  // Exit 1 means "behaviour changed", so anything else that goes wrong must not exit 1 too.
  console.error(error instanceof InputError ? `diff: ${error.message}` : error);
  process.exitCode = 2;
}
