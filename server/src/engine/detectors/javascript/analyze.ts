import * as path from 'node:path';
import type { Knowledge } from '../../knowledge/load';
import type { InputError, Requirement } from '../../model';
import { javascriptFiles } from './files';
import type { Analysis, AnalyzeOptions, Detector } from '../registry';
import { readSourceIf } from '../source/readSource';
import { sourceRequirement } from '../source/requirement';
import { isTestFile } from '../source/testCode';
import { javascriptApis } from './apis';

/** "fs.writeFileSync writes a file"; where an argument made it another need: "fs.open (needs filesystem reads)". */
function evidence(name: string, does: string | undefined, capabilityTitle: string): string {
  return does ? `${name} ${does}` : `${name} (needs ${capabilityTitle})`;
}

/** The parser and tracker load on the first file that passes the pre-filter: TypeScript takes ~0.4 s to load. */
let scanner: typeof import('./scan') | null = null;

/** JavaScript and TypeScript sources: Node built-ins, globals and server frameworks from rules/apis/javascript.json. */
export const javascriptDetector: Detector = {
  ...javascriptFiles,
  // No worker thread (nor for Rust, Go or Python): on 2,035 files of real packages on two cores, both a sibling lookahead
  // and handing every second file to a worker were slower (3.1-4.0 s against 2.5-3.3 s, 280 MB against 172 MB).
  // V8's own garbage-collector and compiler threads already use the second core (3.7-4.6 s of CPU in a
  // single-threaded run), and a worker needs a second TypeScript compiler loaded. Measured again with the V8 code
  // cache (the worker's TypeScript loading in ~0.2 s) and a worker taking files from the end of the list while the
  // main thread took them from the start: 2.71-3.38 s against 2.45-3.00 s without, 309 MB against 184 MB.
  analyze(file: string, kb: Knowledge, options: AnalyzeOptions): Analysis {
    return analyzeJavaScriptFile(file, kb, options.root, options.text);
  },
};

/** One file, start to end: read, pre-filter, parse, track, requirements. Never throws. */
export function analyzeJavaScriptFile(file: string, kb: Knowledge, root: string, unsaved?: string): Analysis {
  const errors: InputError[] = [];
  const apis = javascriptApis();
  const text = readSourceIf(file, errors, (oneByteText) => apis.prefilter.test(oneByteText), undefined, unsaved);
  if (text === null) return { requirements: [], errors };
  scanner ??= require('./scan') as typeof import('./scan');
  const test = isTestFile(file, root, 'js');
  const requirements: Requirement[] = [];
  try {
    for (const hit of scanner.scanJavaScript(file, text, apis, unsaved !== undefined)) {
      const entry = hit.match.entry;
      const capability = hit.match.capability!;
      const requirement = sourceRequirement({
        language: 'js',
        capability,
        file,
        range: hit.range,
        evidence: evidence(hit.match.label ?? entry.id.replace(/#.*$/, ''), entry.capability === capability ? entry.does : undefined, kb.capabilities.get(capability)?.title ?? capability),
        instead: entry.capability === capability ? entry.instead : apis.insteadFor(entry, capability),
        guarded: hit.guarded,
        test,
        runtime: { language: 'javascript', outcomes: apis.outcomes(entry) },
      });
      if (hit.match.argument) requirement.detail = hit.match.argument;
      requirements.push(requirement);
    }
  } catch (error) {
    // The TypeScript parser recovers from any syntax error; this is for a bug of ours, kept to this one file.
    errors.push({ file, message: `internal error while analysing: ${error instanceof Error ? error.message : String(error)}` });
  }
  return { requirements, errors };
}
