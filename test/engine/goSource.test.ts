import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';
import { candidateFilter, skippedCode } from 'wasi-ready/engine/detectors/go/candidates';
import { goRules } from 'wasi-ready/engine/detectors/go/rules';
import type { Finding } from 'wasi-ready/engine/model';
import { REPO } from '../support/paths';
import { row, sourceFindings as sourceFindingsOf } from '../support/findingRows';
import { scratchProject } from '../support/projects';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'go');
const SERVICE = path.join(FIXTURES, 'order-service');
/** Spin mounts files read-only and allows outbound sockets; wasmtime run grants files and listening; Fastly has neither. */
const TARGETS = ['spin', 'wasmtime-run', 'fastly-compute'];

const sourceFindings = (dir: string, targets = TARGETS): Promise<Finding[]> => sourceFindingsOf(dir, targets);

/** A throwaway module with the given files; returns its folder. */
function module(files: Record<string, string>): string {
  return scratchProject({ 'go.mod': 'module example.com/probe\n\ngo 1.22\n', ...files }, 'wasi-ready-go-');
}

/** [file, line, column, rule, '-' | 'guarded' | 'test'] for a throwaway module on Spin. */
async function rulesAt(files: Record<string, string>): Promise<Array<[string, number, number, string, string]>> {
  const dir = module(files);
  try {
    return (await sourceFindings(dir, ['spin'])).map((f) => [f.file, f.line, f.column, f.ruleId, f.guarded ? 'guarded' : f.test ? 'test' : '-']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const all = { spin: 'error', 'wasmtime-run': 'error', 'fastly-compute': 'error' };
const allInfo = { spin: 'info', 'wasmtime-run': 'info', 'fastly-compute': 'info' };
const allWarning = { spin: 'warning', 'wasmtime-run': 'warning', 'fastly-compute': 'warning' };
const noWrite = { spin: 'error', 'fastly-compute': 'error' }; // spin mounts files read-only, Fastly has none
const noWriteInfo = { spin: 'info', 'fastly-compute': 'info' };
const noListen = { spin: 'error', 'fastly-compute': 'error' }; // wasmtime run grants listening
const noListenInfo = { spin: 'info', 'fastly-compute': 'info' };
const fastly = { 'fastly-compute': 'error' }; // no sockets at all; Spin allows outbound connections
const fastlyInfo = { 'fastly-compute': 'info' };

/**
 * An order service written as Go services are written (net/http with a tracked *http.Server, signal handling,
 * files, wkhtmltopdf, a raw TCP client, libvips through cgo, plugins; Linux-only and cgo-only files, tests and
 * testdata): every go/* rule has a hit, a guarded use (internal/platform) and a use in test code, and
 * look-alikes (the service's own Create, Command, Dial and Serve methods, a read-only OpenFile, os.Open,
 * os.ReadFile, a local named `signal`, the string "C") sit beside the hits.
 */
describe('Go sources: findings per rule (test/fixtures/go/order-service)', function () {
  this.timeout(60_000);

  it('finds exactly these uses, at these positions, with these verdicts per host', async () => {
    assert.deepEqual((await sourceFindings(SERVICE)).map(row), [
      ['cmd/orders/main.go', 29, 13, 32, 'go/sockets-listen', noListen, '-'], // http.ListenAndServe
      ['cmd/orders/main.go', 35, 2, 15, 'go/signals', allWarning, '-'], // runs, the channel never receives: warning at most
      ['cmd/orders/main.go', 45, 12, 35, 'go/sockets-listen', noListen, '-'], // a.server.ListenAndServe: a struct field typed *http.Server
      ['internal/imaging/resize.go', 7, 8, 11, 'go/native-code', all, '-'],
      ['internal/platform/daemon_linux.go', 14, 12, 24, 'go/fs-write', noWriteInfo, 'guarded'], // _linux.go
      ['internal/platform/daemon_linux.go', 17, 15, 25, 'go/sockets-listen', noListenInfo, 'guarded'],
      ['internal/platform/daemon_linux.go', 20, 15, 23, 'go/sockets-outbound', fastlyInfo, 'guarded'],
      ['internal/platform/daemon_linux.go', 24, 2, 15, 'go/signals', allInfo, 'guarded'],
      ['internal/platform/daemon_linux.go', 25, 9, 20, 'go/dynamic-loading', allInfo, 'guarded'],
      ['internal/platform/daemon_linux.go', 26, 9, 21, 'go/process', allInfo, 'guarded'],
      ['internal/platform/journal.go', 6, 8, 11, 'go/native-code', allInfo, 'guarded'], // //go:build unix && cgo
      ['internal/platform/legacy.go', 8, 30, 39, 'go/fs-write', noWriteInfo, 'guarded'], // // +build linux darwin
      ['internal/plugins/loader.go', 13, 12, 23, 'go/dynamic-loading', all, '-'],
      ['internal/render/pdf.go', 17, 9, 19, 'go/process', all, '-'], // ex.Command through `import ex "os/exec"`
      ['internal/storage/export.go', 10, 9, 18, 'go/fs-write', noWrite, '-'], // WriteFile through `import . "os"`
      ['internal/storage/store.go', 24, 12, 23, 'go/fs-write', noWrite, '-'], // os.MkdirAll
      ['internal/storage/store.go', 28, 12, 21, 'go/fs-write', noWrite, '-'], // os.Create
      ['internal/storage/store.go', 37, 9, 18, 'go/fs-write', noWrite, '-'], // os.Rename
      ['internal/storage/store.go', 42, 12, 23, 'go/fs-write', noWrite, '-'], // os.OpenFile with O_APPEND|O_CREATE|O_WRONLY; the O_RDONLY one at 53 is not
      ['internal/storage/store_test.go', 13, 14, 26, 'go/fs-write', noWriteInfo, 'test'],
      ['internal/storage/store_test.go', 17, 8, 20, 'go/fs-write', noWriteInfo, 'test'],
      ['internal/storage/store_test.go', 21, 11, 21, 'go/sockets-listen', noListenInfo, 'test'],
      ['internal/storage/store_test.go', 23, 13, 21, 'go/sockets-outbound', fastlyInfo, 'test'],
      ['internal/storage/store_test.go', 25, 2, 15, 'go/signals', allInfo, 'test'],
      ['internal/storage/store_test.go', 26, 9, 20, 'go/dynamic-loading', allInfo, 'test'],
      ['internal/storage/store_test.go', 27, 6, 18, 'go/process', allInfo, 'test'],
      ['internal/upstream/client.go', 18, 15, 30, 'go/sockets-outbound', fastly, '-'],
      ['testdata/cgoprobe/probe.go', 4, 8, 11, 'go/native-code', allInfo, 'test'],
    ]);
  });

  it('says what each API does on Go wasip1 and on TinyGo, then why the host fails it and what to do', async () => {
    const findings = await sourceFindings(SERVICE, ['spin']);
    const message = (file: string, line: number): string => findings.find((f) => f.file === file && f.line === line)?.message ?? '';
    assert.equal(
      message('internal/render/pdf.go', 17),
      'exec.Command starts a process (compiles, then returns an error on go-wasip1; is untested on tinygo-wasip1 and tinygo-wasip2): spin cannot spawn processes; do the work in the module, or call a service over HTTP (Spin: spinhttp.Send)',
    );
    assert.equal(
      message('cmd/orders/main.go', 45),
      '(*http.Server).ListenAndServe listens for HTTP requests (runs degraded on go-wasip1; is untested on tinygo-wasip1 and tinygo-wasip2): spin allows outbound connections only to allowed_outbound_hosts and never listens; export an HTTP handler instead of listening (Spin: spinhttp.Handle in init(); wasmCloud/wasmtime serve: a wasi:http incoming handler)',
    );
    assert.equal(
      message('internal/storage/store.go', 42),
      'os.OpenFile opens a file for writing (works only where the host grants it on go-wasip1, tinygo-wasip1 and tinygo-wasip2): spin mounts files read-only; keep state in a key-value store (Spin: github.com/spinframework/spin-go-sdk/v2/kv) or SQLite, or return the data in the response',
    );
    assert.equal(
      message('internal/imaging/resize.go', 7),
      'import "C" links C code through cgo (fails to build on go-wasip1; is untested on tinygo-wasip1 and tinygo-wasip2): spin runs only WebAssembly, no native code; use a pure-Go package, or a host API (Spin: sqlite, kv)',
    );
  });

  it('a TinyGo Spin component written as the Spin Go SDK examples are comes out clean', async () => {
    // spinhttp.Handle in init(), spinhttp.Send, kv.OpenStore, wit-bindgen-go bindings with //go:wasmimport, a
    // cgo preamble that only declares a Wasm host import, and http.Client calls on clients from
    // spinhttp.NewClient() or with Transport: spinhttp.NewTransport() (pricing.go): none of it is a finding.
    const result = await check([path.join(FIXTURES, 'spin-component')], {});
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.findings.map((f) => [f.file, f.line, f.ruleId]), []);
  });
});

/**
 * A rates service that calls its providers with net/http's own client (the default client, a client literal, a
 * struct field, a package variable), beside look-alikes (http.NewRequest, Header.Get, Query().Get, a client on
 * a wrapped transport), a runtime.GOOS-guarded call and a test; and two components already built for a host's
 * HTTP (Spin's SDK client, wasi-http-go's transport, wasmCloud's wasihttp client) that come out clean.
 */
describe('Go sources: outbound HTTP with net/http (test/fixtures/go/price-feed)', function () {
  this.timeout(60_000);

  it('finds exactly these uses, at these positions, with these verdicts per host', async () => {
    assert.deepEqual((await sourceFindings(path.join(FIXTURES, 'price-feed'))).map(row), [
      ['internal/feed/feed.go', 35, 15, 24, 'go/http-outbound', all, '-'], // c.http.Do(req): a field typed *http.Client
      ['internal/feed/feed.go', 46, 9, 21, 'go/http-outbound', all, '-'], // fallback.Get: &http.Client{Timeout: …}
      ['internal/feed/feed.go', 51, 15, 24, 'go/http-outbound', all, '-'], // http.Head
      ['internal/feed/feed.go', 64, 12, 39, 'go/http-outbound', all, '-'], // http.DefaultClient.PostForm
      ['internal/feed/feed.go', 71, 10, 18, 'go/http-outbound', allInfo, 'guarded'], // http.Get under runtime.GOOS != "wasip1"
      ['internal/feed/feed_test.go', 9, 15, 23, 'go/http-outbound', allInfo, 'test'],
      // proxy/proxy.go: &http.Client{Transport: metrics.Wrap(…)} sends where its wrapper says: not followed
    ]);
  });

  it('says that no build sends it (Go: fake in-process network; TinyGo: "Netdev not set") and what to use instead', async () => {
    const findings = await sourceFindings(path.join(FIXTURES, 'price-feed'), ['spin']);
    assert.equal(
      findings.find((f) => f.line === 51)?.message,
      "http.Head sends an HTTP request through net/http's default client (compiles, then every call returns an error on go-wasip1, tinygo-wasip1 and tinygo-wasip2): spin can run no build of it; send it through the host's HTTP: Spin spinhttp.Send(req) or a client from spinhttp.NewClient(); a wasi:http host (wasmCloud, wasmtime serve): an http.Client whose Transport is the SDK's (go.wasmcloud.dev/component/net/wasihttp's DefaultClient, &wasihttp.Transport{} of github.com/ydnar/wasi-http-go)",
    );
  });

  it('a TinyGo wasi:http component on wasi-http-go (blank import, http.DefaultClient.Do) and wasmCloud\'s wasihttp client comes out clean', async () => {
    const result = await check([path.join(FIXTURES, 'wasi-http-component')], {});
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.findings.map((f) => [f.file, f.line, f.ruleId]), []);
  });

  it('follows clients: literals with and without a transport, reassigned transports, declared types beside a host SDK import', async () => {
    const client = (imports: string[], body: string[]): string =>
      ['package c', '', 'import (', ...imports.map((i) => `\t${i}`), ')', '', 'func f(p *http.Client, req *http.Request) {', ...body.map((l) => `\t${l}`), '}'].join('\n');
    assert.deepEqual(
      await rulesAt({
        'std.go': client(['"net/http"', 'h "example.com/hostsdk"'], [
          'a := &http.Client{Transport: &http.Transport{MaxIdleConns: 4}}', 'a.Do(req)', // 10: net/http's own transport
          'b := http.Client{Transport: http.DefaultTransport}', 'b.Get("u")', // 12
          'c := &http.Client{}', 'c.Transport = h.Transport()', 'c.Do(req)', // 15: reassigned: not followed
          'p.Post("u", "t", nil)', // 16: a parameter typed *http.Client
          'http.NewRequest("GET", "u", nil)', // no request is sent
        ]),
        'spin.go': client(['"net/http"', 'spinhttp "github.com/spinframework/spin-go-sdk/v2/http"'], [
          'p.Get("u")', // the file imports the Spin SDK: a client known only by its type may be the SDK's
          'spinhttp.NewClient().Get("u")',
          '(&http.Client{}).Get("u")', // 11: a literal on the default transport is still one
        ]),
        'override.go': client(['"net/http"', '_ "github.com/ydnar/wasi-http-go/wasihttp"'], ['http.Get("u")', 'http.DefaultClient.Do(req)']),
      }),
      [
        ['spin.go', 11, 2, 'go/http-outbound', '-'],
        ['std.go', 10, 2, 'go/http-outbound', '-'],
        ['std.go', 12, 2, 'go/http-outbound', '-'],
        ['std.go', 16, 2, 'go/http-outbound', '-'],
      ],
    );
  });
});

describe('Go sources: imports, values and arguments', function () {
  this.timeout(60_000);

  it('resolves aliases, dot imports and default names, and ignores the project\'s own functions', async () => {
    assert.deepEqual(
      await rulesAt({
        'main.go': [
          'package main', '', 'import (', '\tproc "os/exec"', '\t. "net"', '\tsig "os/signal"', '\t"os"', ')', '',
          'func Dial(a, b string) {}', '',
          'func main() {',
          '\t_ = proc.CommandContext(nil, "ls")', // 13: alias
          '\tListen("tcp", ":80")', // 14: dot import
          '\tDial("tcp", "x")', // 15: the file's own Dial shadows the dot import
          '\tsig.NotifyContext(nil, os.Interrupt)', // 16
          '\texec := struct{ Command func(string) }{}', // a local named like the package
          '\texec.Command("x")', // 18: exec is not imported under that name here
          '}',
        ].join('\n'),
      }),
      [
        ['main.go', 13, 6, 'go/process', '-'],
        ['main.go', 14, 2, 'go/sockets-listen', '-'],
        ['main.go', 16, 2, 'go/signals', '-'],
      ],
    );
  });

  it('tracks http.Server through literals, bindings, parameters, package vars and fields; other receivers are misses', async () => {
    assert.deepEqual(
      await rulesAt({
        'server.go': [
          'package web', '', 'import (', '\t"net/http"', ')', '',
          'var global = &http.Server{Addr: ":1"}', '',
          'type api struct{ srv *http.Server }', '',
          'type fake struct{}', '', 'func (fake) ListenAndServe() error { return nil }', '',
          'func run(s *http.Server, f fake, a *api) {',
          '\t(&http.Server{}).ListenAndServe()', // 16
          '\tvar local http.Server', '\tlocal.ListenAndServeTLS("c", "k")', // 18
          '\tbound := &http.Server{}', '\tbound.Serve(nil)', // 20
          '\ts.ListenAndServe()', // 21: parameter
          '\tglobal.ListenAndServe()', // 22: package-level var
          '\ta.srv.ListenAndServe()', // 23: field
          '\tf.ListenAndServe()', // 24: another type's method: miss
          '\tgo func() { inner := fake{}; inner.ListenAndServe() }()', // 25: miss
          '}',
        ].join('\n'),
      }),
      [
        ['server.go', 16, 2, 'go/sockets-listen', '-'],
        ['server.go', 18, 2, 'go/sockets-listen', '-'],
        ['server.go', 20, 2, 'go/sockets-listen', '-'],
        ['server.go', 21, 2, 'go/sockets-listen', '-'],
        ['server.go', 22, 2, 'go/sockets-listen', '-'],
        ['server.go', 23, 2, 'go/sockets-listen', '-'],
      ],
    );
  });

  it('reads os.OpenFile flags: any write flag or a variable is a write; O_RDONLY alone and 0 are reads', async () => {
    assert.deepEqual(
      await rulesAt({
        'files.go': [
          'package files', '', 'import (', '\t"os"', '\t"syscall"', ')', '',
          'func f(p string, flags int) {',
          '\tos.OpenFile(p, os.O_RDWR, 0)', // 9
          '\tos.OpenFile(p, syscall.O_CREAT|os.O_TRUNC, 0o600)', // 10
          '\tos.OpenFile(p, flags, 0)', // 11
          '\tos.OpenFile(p, os.O_RDONLY|syscall.O_CLOEXEC, 0)', // read
          '\tos.OpenFile(p, 0, 0)', // read
          '\tos.Open(p)', '\tos.ReadFile(p)', '\tos.Stat(p)', // reads
          '}',
        ].join('\n'),
      }),
      [
        ['files.go', 9, 2, 'go/fs-write', '-'],
        ['files.go', 10, 2, 'go/fs-write', '-'],
        ['files.go', 11, 2, 'go/fs-write', '-'],
      ],
    );
  });

  it('os.Symlink, os.Link and os.Truncate each say what they do (path_symlink, path_link, fd_filestat_set_size)', async () => {
    const dir = module({
      'rotate.go': [
        'package rotate', '', 'import "os"', '',
        '// Rotate keeps the last log as current.log and empties the live one.',
        'func Rotate(dir string) error {',
        '\tif err := os.Link(dir+"/app.log", dir+"/app.log.1"); err != nil {', // 7
        '\t\treturn err',
        '\t}',
        '\tif err := os.Symlink("app.log.1", dir+"/current.log"); err != nil {', // 10
        '\t\treturn err',
        '\t}',
        '\treturn os.Truncate(dir+"/app.log", 0)', // 13
        '}',
      ].join('\n'),
    });
    try {
      const found = await sourceFindings(dir);
      assert.deepEqual(found.map(row), [
        ['rotate.go', 7, 12, 19, 'go/fs-write', noWrite, '-'],
        ['rotate.go', 10, 12, 22, 'go/fs-write', noWrite, '-'],
        ['rotate.go', 13, 9, 20, 'go/fs-write', noWrite, '-'],
      ]);
      const does = found.map((f) => f.message.slice(0, f.message.indexOf(' (')));
      assert.deepEqual(does, ['os.Link creates a hard link', 'os.Symlink creates a symbolic link', 'os.Truncate truncates or extends a file to a given size']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the pre-filter reads import paths only where imports can be: a quoted path after them is a string', () => {
    const filter = candidateFilter(goRules());
    // x/net's idna10.0.0.go returns a label error holding the string "C": no cgo import, nothing to parse
    const idna = ['package idna', '', 'import (', '\t"fmt"', ')', '', 'func check(s string) error {', '\treturn &labelError{s, "C"}', '}', ''].join('\n');
    assert.deepEqual(filter.scope(idna), { parse: 'none' });
    // cgo: the preamble may hold C declarations at a line start; the file is parsed up to its first Go declaration
    const cgo = ['package img', '', '/*', 'const char *name(void);', '*/', 'import "C"', '', 'func Name() string { return "C" }', ''].join('\n');
    assert.deepEqual(filter.scope(cgo), { parse: 'imports', end: cgo.indexOf('func Name') });
    // no line starts with `import` (formatting gofmt never writes): every quoted path counts
    const oneLine = 'package img; import "C"; func Name() {}\n';
    assert.equal(filter.scope(oneLine).parse, 'imports');
  });

  it('a kept function is read up to the statement holding its last hit, the rest of it up to its closing brace skipped, and so are comment lines and plain types after the imports', async () => {
    const text = [
      'package export', '', 'import (', '\t"os"', '\t"os/exec"', ')', '',
      '// quote returns s in quotes.', // 8: before the first declaration, where a cgo preamble would be: read
      'func quote(s string) string { return `"` + s + `"` }', // 9: no hit, not read
      'type options struct{ quality int }', // 10: no field of a tracked value's type, not read
      '// Export converts the named image.', // 11: a doc comment after the imports, not read
      'func Export(name string) error {',
      '\tpath := os.TempDir() +', // 13: continued after an operator, no statement end
      '\t\t"/" + name',
      '\tcmd := exec.Command("convert",', // 15: the hit, its arguments on two lines
      '\t\tquote(path), "out.png")',
      '\tif err := cmd.Run(); err != nil {', // 17: the tail starts here
      '\t\treturn err',
      '\t}',
      '\treturn nil',
      '}',
      '',
    ].join('\n');
    const scope = candidateFilter(goRules()).scope(text);
    assert.equal(scope.parse, 'all');
    const { spans } = skippedCode(text, scope as Parameters<typeof skippedCode>[1]);
    assert.deepEqual(spans.map(([from, to]) => text.slice(from, to)), [
      'func quote(s string) string { return `"` + s + `"` }\n',
      'type options struct{ quality int }\n',
      '// Export converts the named image.\n',
      '\tif err := cmd.Run(); err != nil {\n\t\treturn err\n\t}\n\treturn nil\n',
    ]);
    assert.deepEqual(await rulesAt({ 'export.go': text }), [['export.go', 15, 9, 'go/process', '-']]);
  });

  it('goroutines are no finding (one thread on wasip1, not OS threads); comments and strings never are', async () => {
    assert.deepEqual(
      await rulesAt({
        'work.go': [
          'package work', '', 'import "os/exec"', '',
          '// exec.Command("rm") in a comment', 'var s = `exec.Command("rm")`', '',
          'func Run(jobs []func()) { for _, j := range jobs { go j() } }',
        ].join('\n'),
      }),
      [],
    );
  });
});

describe('Go sources: a Gin service (test/fixtures/go/gin-api)', function () {
  this.timeout(60_000);

  it('Gin\'s Run on a router from gin.Default() or gin.New() listens; a job\'s own Run does not; guarded and test uses marked', async () => {
    assert.deepEqual((await sourceFindings(path.join(FIXTURES, 'gin-api'))).map(row), [
      ['main.go', 15, 12, 17, 'go/sockets-listen', { spin: 'error', 'fastly-compute': 'error' }, '-'],
      ['main_test.go', 11, 12, 22, 'go/sockets-listen', { spin: 'info', 'fastly-compute': 'info' }, 'test'],
      ['main_test.go', 17, 5, 23, 'go/sockets-listen', { spin: 'info', 'fastly-compute': 'info' }, 'test'],
      ['tls_windows.go', 10, 9, 17, 'go/sockets-listen', { spin: 'info', 'fastly-compute': 'info' }, 'guarded'],
    ]);
  });

  it('says that Run is http.ListenAndServe and that the router is an http.Handler to export instead', async () => {
    const [run] = (await sourceFindings(path.join(FIXTURES, 'gin-api'), ['spin'])).filter((f) => f.file === 'main.go');
    assert.match(run.message, /^\(\*gin\.Engine\)\.Run listens for HTTP requests \(Gin's Run is http\.ListenAndServe\) \(runs degraded on go-wasip1; /);
    assert.match(run.message, /the Gin router is an http\.Handler \(Spin: spinhttp\.Handle\(router\.ServeHTTP\) in init\(\)/);
  });
});

describe('Go sources: an Echo service (test/fixtures/go/echo-api)', function () {
  this.timeout(60_000);

  it('Echo\'s Start on an instance from echo.New() listens; a scheduler\'s own Start does not', async () => {
    const findings = await sourceFindings(path.join(FIXTURES, 'echo-api'));
    assert.deepEqual(findings.map(row), [['main.go', 23, 17, 24, 'go/sockets-listen', { spin: 'error', 'fastly-compute': 'error' }, '-']]);
    assert.match(findings[0].message, /^\(\*echo\.Echo\)\.Start listens for HTTP requests \(Echo's Start opens its own listener\) /);
  });
});

describe('Go sources: a Fiber service (test/fixtures/go/fiber-api)', function () {
  this.timeout(60_000);

  it('Fiber\'s Listen on an app from fiber.New() listens; a syncer\'s own Listen does not', async () => {
    const findings = await sourceFindings(path.join(FIXTURES, 'fiber-api'));
    assert.deepEqual(findings.map(row), [['main.go', 22, 12, 22, 'go/sockets-listen', { spin: 'error', 'fastly-compute': 'error' }, '-']]);
    assert.match(findings[0].message, /^\(\*fiber\.App\)\.Listen listens for HTTP requests on fasthttp \(Fiber's Listen opens its own listener\) /);
  });
});

describe('Go sources: build constraints and file names (GOOS=wasip1 GOARCH=wasm)', function () {
  this.timeout(60_000);

  const body = 'package p\n\nimport "os/exec"\n\nfunc F() { exec.Command("x") }\n';
  const withHeader = (header: string): string => `${header}\n\n${body}`;

  it('guards what the build leaves out and keeps what it compiles', async () => {
    const files: Record<string, string> = {
      'a_windows.go': body, // guarded: file name
      'b_linux_amd64.go': body, // guarded: GOOS_GOARCH
      'c_amd64.go': body, // guarded: GOARCH
      'd_wasip1.go': body, // compiled
      'e_wasm.go': body, // compiled
      'f.go': withHeader('//go:build !wasip1'), // guarded
      'g.go': withHeader('//go:build unix'), // guarded: wasip1 is not unix
      'h.go': withHeader('//go:build !windows && !plan9'), // compiled
      'i.go': withHeader('//go:build wasip1 || (js && wasm)'), // compiled
      'j.go': withHeader('//go:build cgo'), // guarded: cgo is off for wasip1
      'k.go': withHeader('//go:build integration'), // a custom tag decides nothing: not guarded
      'l.go': withHeader('// +build linux,amd64 darwin'), // guarded
      'm.go': withHeader('// +build !js'), // compiled
      'n.go': withHeader('//go:build ignore'), // guarded: conventionally never built
      'o.go': withHeader('//go:build go1.21 && !(linux || darwin)'), // compiled
      'p.go': withHeader('//go:build ((('), // malformed: decides nothing
      'unix.go': body, // a file named unix.go has no suffix: compiled
      'q_unix.go': body, // _unix is not a file-name constraint: compiled
    };
    const rows = await rulesAt(files);
    const guardedFiles = rows.filter((r) => r[4] === 'guarded').map((r) => r[0]);
    const compiled = rows.filter((r) => r[4] === '-').map((r) => r[0]);
    assert.deepEqual(guardedFiles, ['a_windows.go', 'b_linux_amd64.go', 'c_amd64.go', 'f.go', 'g.go', 'j.go', 'l.go', 'n.go']);
    assert.deepEqual(compiled, ['d_wasip1.go', 'e_wasm.go', 'h.go', 'i.go', 'k.go', 'm.go', 'o.go', 'p.go', 'q_unix.go', 'unix.go']);
  });

  it('_test.go files and testdata/ are test code; a _linux_test.go file is test code and guarded', async () => {
    assert.deepEqual(
      await rulesAt({ 'x_test.go': body, 'testdata/gen/main.go': body, 'y_linux_test.go': body }),
      [
        ['testdata/gen/main.go', 5, 12, 'go/process', 'test'],
        ['x_test.go', 5, 12, 'go/process', 'test'],
        ['y_linux_test.go', 5, 12, 'go/process', 'guarded'],
      ],
    );
  });
});

/**
 * A cache sweeper whose file, process and signal code sits behind runtime.GOOS/GOARCH checks, as code that
 * also builds for wasip1 is written: each kind of check guards (`if`/`else`, `switch runtime.GOOS` cases and
 * default, an early return), the branch a wasip1 build takes is a hit, and checks that are not about the
 * platform (a flag, a parameter named goos) guard nothing.
 */
describe('Go sources: runtime.GOOS and runtime.GOARCH checks (test/fixtures/go/cache-sweeper)', function () {
  this.timeout(60_000);

  it('finds exactly these uses, at these positions, with these verdicts per host', async () => {
    assert.deepEqual((await sourceFindings(path.join(FIXTURES, 'cache-sweeper'))).map(row), [
      ['internal/sweep/sweep.go', 19, 13, 22, 'go/fs-write', noWriteInfo, 'guarded'], // after if runtime.GOOS == "wasip1" { return nil }
      ['internal/sweep/sweep.go', 30, 10, 22, 'go/process', allInfo, 'guarded'], // case "linux"
      ['internal/sweep/sweep.go', 32, 10, 22, 'go/process', allInfo, 'guarded'], // case "darwin", "freebsd"
      ['internal/sweep/sweep.go', 36, 10, 22, 'go/process', allInfo, 'guarded'], // default: a case lists "wasip1"
      ['internal/sweep/sweep.go', 44, 3, 16, 'go/signals', allInfo, 'guarded'], // if runtime.GOOS != "wasip1" { signal.Notify }
      ['internal/sweep/sweep.go', 56, 10, 22, 'go/process', allInfo, 'guarded'], // if runtime.GOOS == "windows" { … }
      ['internal/sweep/sweep.go', 58, 10, 19, 'go/fs-write', noWrite, '-'], // … else { os.Rename }: the branch wasip1 takes
      ['internal/sweep/sweep.go', 65, 10, 18, 'go/fs-write', noWriteInfo, 'guarded'], // runtime.GOARCH == "amd64" && …
      ['internal/sweep/sweep.go', 75, 9, 21, 'go/fs-write', noWrite, '-'], // if dryRun { return nil }: not a platform check
      ['internal/sweep/sweep.go', 83, 9, 21, 'go/fs-write', noWrite, '-'], // if goos == "wasip1": a parameter, not runtime.GOOS
      ['internal/sweep/sweep_test.go', 12, 7, 19, 'go/fs-write', noWriteInfo, 'guarded'], // if runtime.GOOS != "wasip1" { … } in a test
      ['internal/sweep/sweep_test.go', 17, 6, 17, 'go/fs-write', noWriteInfo, 'test'],
    ]);
  });

  it('reads aliases of runtime, tagless switches, fallthrough, panics and package-level flags', async () => {
    assert.deepEqual(
      await rulesAt({
        'flags.go': [
          'package flags', '', 'import (', '	"os"', '	rt "runtime"', ')', '',
          'const onWasm = rt.GOOS == "wasip1"', '',
          'func F() {',
          '	switch {', '	case rt.GOARCH == "wasm":', '		os.Remove("a")', // 13: taken
          '	case rt.GOOS == "linux":', '		os.Remove("b")', '	}', // 15: guarded
          '	switch rt.GOOS {', '	case "wasip1":', '		fallthrough', '	case "linux":', '		os.Remove("c")', '	}', // 21: reached by fallthrough
          '	if !onWasm {', '		os.Remove("d")', '	}', // 24: guarded through the const
          '	if rt.GOOS == "wasip1" {', '		panic("unsupported")', '	}', '	os.Remove("e")', // 29: guarded
          '}',
        ].join('\n'),
      }),
      [
        ['flags.go', 13, 3, 'go/fs-write', '-'],
        ['flags.go', 15, 3, 'go/fs-write', 'guarded'],
        ['flags.go', 21, 3, 'go/fs-write', '-'],
        ['flags.go', 24, 3, 'go/fs-write', 'guarded'],
        ['flags.go', 29, 2, 'go/fs-write', 'guarded'],
      ],
    );
  });
});

describe('Go sources: bad input', function () {
  this.timeout(60_000);

  it('binary content is a located error; broken syntax still finds what parsed; neither throws', async () => {
    const dir = module({
      'broken.go': 'package p\n\nimport "os"\n\nfunc F( {\n\tos.Remove("x")\n}\n\nfunc G() { os.Mkdir("y", 0o755) }\n',
      'empty.go': '',
    });
    fs.writeFileSync(path.join(dir, 'blob.go'), Buffer.from([0x70, 0x61, 0x63, 0x6b, 0x00, 0x01, 0x22, 0x6f, 0x73, 0x22]));
    try {
      const result = await check([dir], { targets: ['spin'] });
      assert.deepEqual(result.errors.map((e) => [path.basename(e.file), e.message]), [['blob.go', 'skipped: binary content (a NUL byte) in a source file']]);
      const rows = result.findings.filter((f) => f.origin === 'source').map((f) => [f.file, f.line, f.ruleId]);
      assert.ok(rows.some((r) => r[0] === 'broken.go' && r[1] === 9 && r[2] === 'go/fs-write'), JSON.stringify(rows));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
