import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { check } from 'wasi-ready/engine/check';
import { candidateFilter } from 'wasi-ready/engine/detectors/python/candidates';
import { pythonRules } from 'wasi-ready/engine/detectors/python/rules';
import { scratchProject } from '../../support/projects';

/** A worker module as such code is written: a function that writes its report, then goes on with more work. */
const WORKER = [
  'import os', // 1
  '', // 2
  '', // 3
  'def publish(report, folder):', // 4
  '    path = os.path.join(folder, "report.txt")', // 5
  '    try:', // 6
  '        with open(path, "w") as out:', // 7: the use
  '            out.write(report)', // 8
  '    except OSError:', // 9
  '        return None', // 10
  '    finally:', // 11
  '        log("published")', // 12
  '    summary = report.splitlines()[0]', // 13: the tail starts here
  '', // 14
  '    def log(message):', // 15
  '        print(message)', // 16
  '', // 17
  '    return summary', // 18
  '', // 19
  '', // 20
  'def log(message):', // 21
  '    print(message)', // 22
  '',
].join('\n');

/** The 1-based lines of `text` the parser reads. */
function readLines(text: string): number[] {
  const prepared = candidateFilter(pythonRules()).prepare(text);
  assert.ok(prepared);
  const lines = new Set<number>();
  for (const r of prepared.ranges ?? [{ startPosition: { row: 0 }, endPosition: { row: text.split('\n').length - 1 }, endIndex: text.length }]) {
    const last = r.endIndex > 0 && text[r.endIndex - 1] === '\n' ? r.endPosition.row - 1 : r.endPosition.row;
    for (let row = r.startPosition.row; row <= last; row++) lines.add(row + 1);
  }
  return [...lines].filter((l) => text.split('\n')[l - 1].trim() !== '').sort((a, b) => a - b);
}

describe('Python sources: what of a file the parser reads', function () {
  this.timeout(60_000);

  it('a function holding a use is read up to the statement holding it, its except and finally clauses included', () => {
    // 13-18 (the tail, with a nested def) and 22 (a function without a use, read as `pass` on its first line) are not read
    assert.deepEqual(readLines(WORKER), [1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 21]);
  });

  it('the finding is the same as with the whole text read; a name the tail defines still shadows a builtin', async () => {
    const dir = scratchProject({
      'worker.py': WORKER,
      // `open` defined in the tail of another function: the use at 2 is the project's own open, no builtin
      'shadowed.py': 'def save(data):\n    open("out.txt", "w").write(data)\n    return len(data)\n\n    def open(name, mode):\n        return name\n',
    }, 'wasi-ready-py-');
    try {
      const result = await check([dir], { targets: ['spin'] });
      assert.deepEqual(result.errors, []);
      assert.deepEqual(result.findings.map((f) => [f.file, f.line, f.column, f.ruleId, f.severity]), [['worker.py', 7, 14, 'python/fs-write', 'error']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
