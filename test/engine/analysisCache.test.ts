import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';

describe('re-scans reuse what an unchanged file gave', function () {
  this.timeout(60_000);

  it('an edited source file is analysed again; an untouched one keeps its findings', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-cache-'));
    try {
      const file = path.join(dir, 'jobs.js');
      fs.writeFileSync(file, "const { spawn } = require('node:child_process');\nspawn('convert', ['in.png', 'out.webp']);\n");
      fs.writeFileSync(path.join(dir, 'store.js'), "const fs = require('node:fs');\nfs.writeFileSync('/tmp/state.json', '{}');\n");
      const first = await check([dir], { targets: ['spin'] });
      assert.deepEqual(first.findings.map((f) => [f.file, f.line, f.ruleId]), [['jobs.js', 2, 'js/process'], ['store.js', 2, 'js/fs-write']]);
      assert.deepEqual((await check([dir], { targets: ['spin'] })).findings, first.findings);

      // Same size, new content: the modification time tells the cache.
      fs.writeFileSync(file, "const { spawn } = require('node:child_process');\n\n\nspawn('convert', ['a.png','b.webp']);\n");
      fs.utimesSync(file, new Date(), new Date(Date.now() + 5_000));
      const second = await check([dir], { targets: ['spin'] });
      assert.deepEqual(second.findings.map((f) => [f.file, f.line, f.ruleId]), [['jobs.js', 4, 'js/process'], ['store.js', 2, 'js/fs-write']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
