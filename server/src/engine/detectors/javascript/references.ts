import { ts } from 'ts-morph';
import { accesses, type Access, type ApiEntry, type JavaScriptApis } from './apis';
import { holds, literalText, propertyName, unwrap } from './conditions';

/**
 * What an expression refers to, as far as the rules care: a module (or global) and a member path in it,
 * or a value an entry returned (an Express app, a child process) and a member path on it.
 * `promise`: the expression is a promise of that (`import('fs')`, `NestFactory.create(…)`).
 */
export type Ref =
  | { kind: 'module'; module: string; path: string[]; promise: boolean }
  | { kind: 'value'; value: string; path: string[]; promise: boolean; origin: ts.Node };

/** An entry that matched at a node, with the capability its condition chose (null: no finding). */
export interface Match {
  entry: ApiEntry;
  node: ts.Node;
  capability: ApiEntry['capability'];
  /** For `on` entries: the node that produced the value, so its producer counts as followed. */
  valueOrigin: ts.Node | null;
  /** What the code named, for the message: `process.on('SIGTERM')`, `"./addon.node"`; null: the entry's own name. */
  label: string | null;
  /** The call's first argument where it is spelled as a literal (see Requirement.detail). */
  argument?: { argument: string; prefix?: boolean };
}

/**
 * Follows `require`, `import`, `node:` specifiers, destructuring, aliases, `await` and `.then` from the
 * rules' modules and globals to their uses, through lexical scopes (a parameter named `fs` shadows the
 * module). No type information: a value it cannot follow simply does not match.
 */
export class ReferenceTracker {
  /** Every call, `new`, member access and import, in source order: the nodes a rule can match (one walk for both jobs). */
  readonly candidates: ts.Node[] = [];
  /** Scope node → name → what the name refers to (null: a local that refers to nothing we track). */
  private readonly scopes = new Map<ts.Node, Map<string, Ref | null>>();
  private readonly memo = new Map<ts.Node, Ref | null>();

  constructor(private readonly apis: JavaScriptApis, private readonly file: ts.SourceFile) {
    this.declare(file);
    this.memo.clear(); // later declarations and assignments may now resolve what came out null during the walk
  }

  // ── bindings ──────────────────────────────────────────────────────────────────────────────────────

  /**
   * Records every declaration in source order, resolving initialisers against what is known so far. The parser
   * leaves parent pointers unset (setting them is a tree walk of its own, a sixth of a scan): this walk sets the
   * parent of every node it enters, which is every node a match, a scope lookup or a guard reaches.
   */
  private declare(root: ts.Node): void {
    let parent = root;
    const enter = (node: ts.Node, under: ts.Node): void => {
      const outer = parent;
      parent = under;
      visit(node);
      parent = outer;
    };
    const visit = (node: ts.Node): void => {
      setParent(node, parent);
      if (isTypeOnly(node)) return;
      if (isCandidate(node)) this.candidates.push(node);
      // A switch on the kind rather than a chain of ts.isX calls: this runs for every node of every file.
      switch (node.kind) {
        case ts.SyntaxKind.ImportDeclaration:
          this.declareImport(node as ts.ImportDeclaration);
          break;
        case ts.SyntaxKind.ImportEqualsDeclaration:
          this.declareImportEquals(node as ts.ImportEqualsDeclaration);
          break;
        case ts.SyntaxKind.VariableDeclaration: {
          const declaration = node as ts.VariableDeclaration;
          setParent(declaration.name, declaration);
          if (declaration.initializer) enter(declaration.initializer, declaration);
          const blockScoped = (declaration.parent.flags & ts.NodeFlags.BlockScoped) !== 0;
          this.bindPattern(declaration.name, declaration.initializer ? this.resolve(declaration.initializer) : null, blockScoped ? blockScope(declaration) : functionScope(declaration));
          return;
        }
        case ts.SyntaxKind.FunctionDeclaration:
        case ts.SyntaxKind.ClassDeclaration: {
          const name = (node as ts.FunctionDeclaration | ts.ClassDeclaration).name;
          if (name) this.bind(blockScope(node.parent), name.text, null);
          break;
        }
        case ts.SyntaxKind.Parameter:
          this.bindPattern((node as ts.ParameterDeclaration).name, this.parameterRef(node as ts.ParameterDeclaration), node.parent);
          break;
        case ts.SyntaxKind.CatchClause: {
          const variable = (node as ts.CatchClause).variableDeclaration;
          if (variable) this.bindPattern(variable.name, null, node);
          break;
        }
        case ts.SyntaxKind.BinaryExpression: {
          const assignment = node as ts.BinaryExpression;
          if (assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isIdentifier(assignment.left)) break;
          setParent(assignment.left, assignment);
          enter(assignment.right, assignment);
          this.reassign(assignment.left, this.resolve(assignment.right));
          return;
        }
      }
      const outer = parent;
      parent = node;
      ts.forEachChild(node, visit);
      parent = outer;
    };
    ts.forEachChild(root, visit);
  }

  private declareImport(node: ts.ImportDeclaration): void {
    const clause = node.importClause;
    if (!clause || clause.isTypeOnly || !ts.isStringLiteral(node.moduleSpecifier)) return;
    const module = this.moduleName(node.moduleSpecifier.text);
    const scope = this.file;
    if (clause.name) this.bind(scope, clause.name.text, module ? this.moduleRef(module, []) : null);
    const named = clause.namedBindings;
    if (named && ts.isNamespaceImport(named)) this.bind(scope, named.name.text, module ? this.moduleRef(module, []) : null);
    if (named && ts.isNamedImports(named)) {
      for (const element of named.elements) {
        if (element.isTypeOnly) continue;
        const imported = element.propertyName ? element.propertyName.text : element.name.text;
        const ref = !module ? null : imported === 'default' ? this.moduleRef(module, []) : this.moduleRef(module, [imported]);
        this.bind(scope, element.name.text, ref);
      }
    }
  }

  private declareImportEquals(node: ts.ImportEqualsDeclaration): void {
    const reference = node.moduleReference;
    const module = ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression) ? this.moduleName(reference.expression.text) : null;
    this.bind(this.file, node.name.text, module ? this.moduleRef(module, []) : null);
  }

  /** `const { writeFile, promises: { open } } = require('fs')` binds each name to its member. */
  private bindPattern(name: ts.BindingName, ref: Ref | null, scope: ts.Node): void {
    if (ts.isIdentifier(name)) {
      this.bind(scope, name.text, ref);
      return;
    }
    for (const element of name.elements) {
      if (ts.isOmittedExpression(element)) continue;
      if (ts.isArrayBindingPattern(name) || element.dotDotDotToken) {
        this.bindPattern(element.name, null, scope);
        continue;
      }
      const key = element.propertyName ? propertyName(element.propertyName) : ts.isIdentifier(element.name) ? element.name.text : null;
      this.bindPattern(element.name, ref && key !== null && !ref.promise ? this.member(ref, key) : null, scope);
    }
  }

  private bind(scope: ts.Node, name: string, ref: Ref | null): void {
    let names = this.scopes.get(scope);
    if (!names) this.scopes.set(scope, (names = new Map()));
    names.set(name, ref);
  }

  /** `server = http.createServer()`: a later assignment gives a declared name something to follow. */
  private reassign(name: ts.Identifier, ref: Ref | null): void {
    if (!ref) return;
    for (let node: ts.Node | undefined = name; node; node = node.parent) {
      const names = this.scopes.get(node);
      if (names?.has(name.text)) {
        names.set(name.text, ref);
        return;
      }
    }
  }

  /** `.then((app) => …)` on a promise of a value: the callback's first parameter is that value. */
  private parameterRef(parameter: ts.ParameterDeclaration): Ref | null {
    const fn = parameter.parent;
    if (fn.parameters[0] !== parameter || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return null;
    const call = fn.parent;
    if (!ts.isCallExpression(call) || call.arguments[0] !== fn) return null;
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'then') return null;
    const target = this.resolve(callee.expression);
    return target?.promise ? { ...target, promise: false } : null;
  }

  lookup(name: string, from: ts.Node): Ref | null {
    for (let node: ts.Node | undefined = from; node; node = node.parent) {
      const names = this.scopes.get(node);
      if (names?.has(name)) return names.get(name) ?? null;
    }
    const global = this.apis.globals.get(name);
    return global ? this.moduleRef(global, []) : null;
  }

  // ── expressions ───────────────────────────────────────────────────────────────────────────────────

  /** What an expression refers to, or null. Memoised: both passes ask about the same nodes. */
  resolve(expression: ts.Expression): Ref | null {
    if (this.memo.has(expression)) return this.memo.get(expression) ?? null;
    this.memo.set(expression, null); // a cycle (`x = x.y`) resolves to nothing
    const ref = this.resolveUncached(expression);
    this.memo.set(expression, ref);
    return ref;
  }

  private resolveUncached(expression: ts.Expression): Ref | null {
    const node = unwrap(expression);
    if (ts.isIdentifier(node)) return this.lookup(node.text, node);
    if (ts.isPropertyAccessExpression(node)) {
      const target = this.resolve(node.expression);
      return target && !target.promise ? this.member(target, node.name.text) : null;
    }
    if (ts.isElementAccessExpression(node)) {
      const key = literalText(unwrap(node.argumentExpression));
      const target = key === null ? null : this.resolve(node.expression);
      return target && key !== null && !target.promise ? this.member(target, key) : null;
    }
    if (ts.isAwaitExpression(node)) {
      const inner = this.resolve(node.expression);
      return inner?.promise ? { ...inner, promise: false } : inner;
    }
    if (ts.isCallExpression(node)) return this.callResult(node, 'call');
    if (ts.isNewExpression(node)) return this.callResult(node, 'construct');
    return null;
  }

  /** The value a call or `new` produces: a module from `require`/`import()`, or what a matched entry returns. */
  private callResult(node: ts.CallExpression | ts.NewExpression, access: Access): Ref | null {
    const loaded = this.loadedModule(node);
    if (loaded) return loaded;
    const wrapped = this.promisified(node);
    if (wrapped) return wrapped;
    for (const match of this.matchesAt(node, access)) {
      const returns = match.entry.returns;
      if (returns) return { kind: 'value', value: returns.value, path: [], promise: returns.via === 'promise', origin: node };
    }
    return null;
  }

  /** `require('fs')`, `import('fs')`, and the `require` that `createRequire` returned, with a literal specifier. */
  loadedModule(node: ts.CallExpression | ts.NewExpression): Ref | null {
    const specifier = this.loadedSpecifier(node);
    const module = specifier === null ? null : this.moduleName(specifier);
    if (!module) return null;
    return { ...this.moduleRef(module, []), promise: node.expression.kind === ts.SyntaxKind.ImportKeyword };
  }

  /** The literal specifier of a `require(…)` or `import(…)` call, known module or not (`./addon.node`). */
  loadedSpecifier(node: ts.CallExpression | ts.NewExpression): string | null {
    if (!ts.isCallExpression(node) || node.arguments.length < 1) return null;
    const specifier = literalText(unwrap(node.arguments[0]));
    if (specifier === null) return null;
    const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
    return isDynamicImport || this.isRequire(node.expression) ? specifier : null;
  }

  /** `util.promisify(execFile)` calls what it wraps: the result refers to the same function. */
  private promisified(node: ts.CallExpression | ts.NewExpression): Ref | null {
    if (!ts.isCallExpression(node) || node.arguments.length !== 1) return null;
    const callee = unwrap(node.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : null;
    return name === 'promisify' ? this.resolve(node.arguments[0]) : null;
  }

  isRequire(callee: ts.Expression): boolean {
    const ref = this.resolve(callee);
    if (!ref || ref.path.length > 0 || ref.promise) return false;
    return (ref.kind === 'module' && ref.module === 'require') || (ref.kind === 'value' && ref.value === 'module.require');
  }

  /** Entries that match a call, `new`, read or import at a node (conditions applied). */
  matchesAt(node: ts.Node, access: Access): Match[] {
    let ref: Ref | null = null;
    let args: readonly ts.Expression[] = [];
    if (access === 'call' || access === 'construct') {
      const call = node as ts.CallExpression | ts.NewExpression;
      if (ts.isCallExpression(call) && call.expression.kind === ts.SyntaxKind.ImportKeyword) ref = this.moduleRef('import()', []);
      else ref = this.resolve(call.expression);
      args = call.arguments ?? [];
    } else if (access === 'read') {
      ref = this.resolve(node as ts.Expression);
    }
    if (!ref || ref.promise) return [];
    const entries = ref.kind === 'module' ? this.apis.fromModule(ref.module, ref.path) : this.apis.fromValue(ref.value, ref.path);
    const matches: Match[] = [];
    for (const entry of entries) {
      if (!accesses(entry).includes(access)) continue;
      const met = !entry.when || holds(entry.when, args, this.file);
      // An unmet condition without `otherwise` still matches when the entry produces a value to follow.
      if (!met && entry.otherwise === undefined && !entry.returns) continue;
      matches.push({ entry, node, capability: met ? entry.capability : (entry.otherwise ?? null), valueOrigin: ref.kind === 'value' ? ref.origin : null, label: labelWithArgument(entry, args), ...literalArgument(args) });
    }
    return matches;
  }

  /** Entries an import of this specifier matches: the module itself (`access: import`) or a specifier pattern. */
  importMatches(specifier: string, node: ts.Node): Match[] {
    const matches: Match[] = [];
    const module = this.moduleName(specifier);
    const label = JSON.stringify(specifier);
    if (module) for (const entry of this.apis.fromModule(module, [])) if (accesses(entry).includes('import')) matches.push({ entry, node, capability: entry.capability, valueOrigin: null, label });
    for (const { pattern, entry } of this.apis.specifierPatterns) if (pattern.test(specifier)) matches.push({ entry, node, capability: entry.capability, valueOrigin: null, label });
    return matches;
  }

  private member(ref: Ref, key: string): Ref {
    const path = [...ref.path, key];
    return ref.kind === 'module' ? this.moduleRef(ref.module, path) : { ...ref, path };
  }

  private moduleRef(module: string, path: string[]): Ref {
    const normal = this.apis.normalize(module, path);
    return { kind: 'module', module: normal.module, path: normal.path, promise: false };
  }

  /** `node:fs` and `fs` are one module; `fs/promises` is its own; a specifier the data does not know is nothing. */
  private moduleName(specifier: string): string | null {
    const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
    return this.apis.modules.has(name) ? name : null;
  }
}

/**
 * Types, interfaces and type aliases are erased before anything runs: nothing in them calls, reads or binds at
 * run time, so the walk steps over them (a third of the nodes of a typical .ts file).
 */
function isTypeOnly(node: ts.Node): boolean {
  return (node.kind >= ts.SyntaxKind.FirstTypeNode && node.kind <= ts.SyntaxKind.LastTypeNode)
    || node.kind === ts.SyntaxKind.InterfaceDeclaration || node.kind === ts.SyntaxKind.TypeAliasDeclaration;
}

function setParent(node: ts.Node, parent: ts.Node): void {
  (node as { parent: ts.Node }).parent = parent;
}

/** Calls, `new`, member accesses and imports: a switch on the kind, since every node of every file passes here. */
function isCandidate(node: ts.Node): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.CallExpression:
    case ts.SyntaxKind.NewExpression:
    case ts.SyntaxKind.PropertyAccessExpression:
    case ts.SyntaxKind.ElementAccessExpression:
    case ts.SyntaxKind.ImportDeclaration:
    case ts.SyntaxKind.ImportEqualsDeclaration:
      return true;
    default:
      return false;
  }
}

/** `process.on('SIGTERM')`: when an entry's condition reads the first argument and it is a string, the message names it. */
function labelWithArgument(entry: ApiEntry, args: readonly ts.Expression[]): string | null {
  if (!entry.when || !JSON.stringify(entry.when).includes('"arg":0') || args.length === 0) return null;
  const first = unwrap(args[0]);
  return ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first) ? `${entry.id.replace(/#.*$/, '')}('${first.text}')` : null;
}

/**
 * The first argument where the code spells it: a string, the literal start of a template string, a
 * number followed by a host string (`net.connect(5432, 'db')`), or an object literal's literal `host`/`hostname`
 * and `port` (`net.connect({ host: 'db', port: 5432 })`).
 */
function literalArgument(args: readonly ts.Expression[]): { argument?: { argument: string; prefix?: boolean } } {
  if (args.length === 0 || ts.isSpreadElement(args[0])) return {};
  const first = unwrap(args[0]);
  if (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) return { argument: { argument: first.text } };
  if (ts.isTemplateExpression(first)) return first.head.text ? { argument: { argument: first.head.text, prefix: true } } : {};
  if (ts.isNumericLiteral(first)) {
    const host = args[1] && !ts.isSpreadElement(args[1]) ? unwrap(args[1]) : null;
    return host && ts.isStringLiteral(host) ? { argument: { argument: `${host.text}:${first.text}` } } : {};
  }
  if (ts.isObjectLiteralExpression(first)) {
    let host: string | null = null;
    let port: string | null = null;
    for (const element of first.properties) {
      if (ts.isSpreadAssignment(element)) return {};
      if (!ts.isPropertyAssignment(element)) continue;
      const name = propertyName(element.name);
      const value = literalText(unwrap(element.initializer));
      if (name === 'host' || name === 'hostname') host = value;
      else if (name === 'port') port = value;
    }
    if (host !== null) return { argument: { argument: port !== null ? `${host}:${port}` : host } };
  }
  return {};
}

/** The innermost block-like scope holding a node (where `let`, `const`, functions and classes live). */
function blockScope(node: ts.Node): ts.Node {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (ts.isBlock(current) || ts.isSourceFile(current) || ts.isModuleBlock(current) || ts.isCaseBlock(current) || ts.isForStatement(current) || ts.isForInStatement(current) || ts.isForOfStatement(current) || ts.isFunctionLike(current) || ts.isClassStaticBlockDeclaration(current)) return current;
  }
  return node.getSourceFile();
}

/** The innermost function (or the file) holding a node: where `var` lives. */
function functionScope(node: ts.Node): ts.Node {
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current) || ts.isSourceFile(current) || ts.isClassStaticBlockDeclaration(current)) return current;
  }
  return node.getSourceFile();
}
