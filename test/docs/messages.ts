import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** A message the action can give, as its source holds it. */
export interface Message {
  /** The file, relative to the repository root. */
  file: string;
  /** 1-based line of the expression the message comes from. */
  line: number;
  /**
   * The message's fixed text, in order: the pieces between `${…}` placeholders (and between
   * concatenated non-literal values), each whitespace-collapsed and trimmed, empty ones dropped.
   */
  parts: string[];
  /**
   * Text that only some wordings hold: the literal branches of a conditional inside a `${…}`
   * (`it is not idempotent${maybe ? ', and a run may have been created anyway…' : ''}`).
   */
  optional: string[];
  /** The longest of `parts`: what a user would search for. */
  text: string;
}

const ERROR_CLASSES = new Set(['Error', 'RunError', 'InputError', 'HatchetCliError']);
/** Functions whose every string is (part of) a message: they assemble the step's failure. */
const MESSAGE_BUILDERS = new Set(['describeFailure', 'failureMessage']);
/** Object literals whose every property is a message builder (`say.notFinished(…)`). */
const MESSAGE_OBJECTS = new Set(['say']);
/** Lists whose items end up in the step's failure, the summary or the report. */
const MESSAGE_LISTS = new Set(['problems', 'notes']);
/** Properties that hold a message wherever they are set (zod checks, version checks, notes). */
const MESSAGE_PROPERTIES = new Set(['message', 'error', 'warning', 'note']);
/** `@actions/core` calls that show their first argument to the user. */
const CORE_CALLS = new Set(['core.warning', 'core.setFailed']);
/** Calls that only clean or redact a message: their first argument is the message. */
const PASS_THROUGH = new Set(['cleanText', 'redact', 'logSafe', 'inline', 'clip']);
/** Fixed parts shorter than this are punctuation or glue (`: `, `Input \``), not searchable. */
const MIN_TEXT = 12;

/**
 * The messages the action can give, as found in `src/`: the first argument of `new Error` (and
 * its subclasses); items pushed to `problems` or `notes`; assignments to `….message`; properties
 * named `message`, `error`, `warning` or `note` (zod checks, the CLI version check, verdict
 * notes); the `reason` of a `kind: 'dropped'` or `'undetermined'` verdict; every builder of the `say` object;
 * `core.warning` and `core.setFailed`; and every string inside describeFailure/failureMessage.
 * A message held in a local constant, a local function's return value, a conditional or a
 * concatenation is followed to its text.
 */
export function errorMessages(root: string): Message[] {
  return sourceFiles(join(root, 'src')).flatMap((file) =>
    messagesInSource(file.slice(root.length + 1).replace(/\\/g, '/'), readFileSync(file, 'utf8')),
  );
}

/** The messages of one TypeScript source text (see errorMessages). */
export function messagesInSource(file: string, text: string): Message[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: Message[] = [];
  const seen = new Set<string>();
  const add = (node: ts.Node | undefined) => {
    if (!node) return;
    for (const { parts, from } of resolve(node, source, 0)) {
      const message = messageOf(file, source, node, parts, from);
      const key = [...message.parts, '', ...message.optional].join('\u0000');
      if (message.text.length >= MIN_TEXT && !seen.has(key)) {
        seen.add(key);
        found.push(message);
      }
    }
  };

  const visit = (node: ts.Node) => {
    if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      ERROR_CLASSES.has(node.expression.text)
    ) {
      add(node.arguments?.[0]);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(source);
      const list = /(?:^|\.)(\w+)\.push$/.exec(callee)?.[1];
      if (list && MESSAGE_LISTS.has(list)) node.arguments.forEach((argument) => add(argument));
      if (CORE_CALLS.has(callee)) add(node.arguments[0]);
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.name.text === 'message'
    ) {
      add(node.right);
    } else if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
      const name = node.name.getText(source);
      const value = ts.isPropertyAssignment(node) ? node.initializer : node.name;
      if (MESSAGE_PROPERTIES.has(name)) add(value);
      else if (name === 'reason' && isDroppedVerdict(node.parent, source)) add(value);
    } else if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      MESSAGE_OBJECTS.has(node.name.text) &&
      node.initializer &&
      ts.isObjectLiteralExpression(node.initializer)
    ) {
      for (const property of node.initializer.properties) {
        if (ts.isPropertyAssignment(property)) add(property.initializer);
        else if (ts.isMethodDeclaration(property) && property.body) {
          returnedExpressions(property.body).forEach(add);
        }
      }
    } else if (
      (ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isTemplateExpression(node)) &&
      insideBuilder(node) &&
      !isPartOfLargerString(node) &&
      !isComparedOrMatched(node)
    ) {
      add(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** One wording a message expression can produce, and the string expression it comes from. */
interface Wording {
  parts: string[];
  from: ts.Node;
}

/** The wordings a message expression can produce. */
function resolve(node: ts.Node, source: ts.SourceFile, depth: number): Wording[] {
  if (depth > 8) return [];
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) {
    return resolve(node.expression, source, depth + 1);
  }
  if (ts.isConditionalExpression(node)) {
    return [
      ...resolve(node.whenTrue, source, depth + 1),
      ...resolve(node.whenFalse, source, depth + 1),
    ];
  }
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
    return returnedExpressions(node.body).flatMap((e) => resolve(e, source, depth + 1));
  }
  if (ts.isIdentifier(node)) {
    const declared = declarationOf(node.text, node);
    if (!declared) return [];
    if (ts.isFunctionDeclaration(declared)) {
      return declared.body
        ? returnedExpressions(declared.body).flatMap((e) => resolve(e, source, depth + 1))
        : [];
    }
    return resolve(declared, source, depth + 1);
  }
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    if (ts.isIdentifier(callee) && PASS_THROUGH.has(callee.text) && node.arguments[0]) {
      return resolve(node.arguments[0], source, depth + 1);
    }
    // A local message builder (`noAssets(file, url)`); `say.x(…)` is found where `say` is defined.
    if (ts.isIdentifier(callee)) return resolve(callee, source, depth + 1);
    return [];
  }
  const segments = segmentsOf(node);
  if (!segments) return [];
  return [{ parts: fixedParts(segments), from: node }];
}

/**
 * A string-valued expression as text and placeholders (`undefined`): literals, templates and
 * `+` concatenations of them; anything else is one placeholder.
 */
function segmentsOf(node: ts.Node): (string | undefined)[] | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) {
    return [
      node.head.text,
      ...node.templateSpans.flatMap((span) => [undefined, span.literal.text]),
    ];
  }
  if (ts.isParenthesizedExpression(node)) return segmentsOf(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = segmentsOf(node.left) ?? [undefined];
    const right = segmentsOf(node.right) ?? [undefined];
    if (left.every((s) => s === undefined) && right.every((s) => s === undefined)) return undefined;
    return [...left, ...right];
  }
  return undefined;
}

function fixedParts(segments: (string | undefined)[]): string[] {
  const parts: string[] = [];
  let current = '';
  for (const segment of [...segments, undefined]) {
    if (segment !== undefined) {
      current += segment;
      continue;
    }
    const part = current.replace(/\s+/g, ' ').trim();
    if (part) parts.push(part);
    current = '';
  }
  return parts;
}

function messageOf(
  file: string,
  source: ts.SourceFile,
  node: ts.Node,
  parts: string[],
  from: ts.Node,
): Message {
  const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const text = [...parts].sort((a, b) => b.length - a.length)[0] ?? '';
  return { file, line, parts, optional: optionalParts(from), text };
}

/** The fixed text of literal branches of conditionals inside the message's `${…}` spans. */
function optionalParts(node: ts.Node): string[] {
  const found: string[] = [];
  const visit = (at: ts.Node) => {
    if (ts.isTemplateSpan(at) && ts.isConditionalExpression(at.expression)) {
      for (const branch of [at.expression.whenTrue, at.expression.whenFalse]) {
        const segments = segmentsOf(branch);
        if (segments) found.push(...fixedParts(segments));
      }
    }
    ts.forEachChild(at, visit);
  };
  visit(node);
  return found;
}

/** The declaration `name` refers to at `from`: a local constant's value, or a function. */
function declarationOf(
  name: string,
  from: ts.Node,
): ts.Expression | ts.FunctionDeclaration | undefined {
  for (let scope: ts.Node | undefined = from.parent; scope; scope = scope.parent) {
    if (!ts.isBlock(scope) && !ts.isSourceFile(scope) && !ts.isModuleBlock(scope)) continue;
    for (const statement of scope.statements) {
      if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return statement;
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name) {
          return declaration.initializer;
        }
      }
    }
  }
  return undefined;
}

/** What a function body can return: an arrow's expression, or each `return` of a block. */
function returnedExpressions(body: ts.ConciseBody): ts.Expression[] {
  if (!ts.isBlock(body)) return [body];
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
    // A nested function's returns are its own.
    if (ts.isFunctionLike(node)) return;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** `{ kind: 'dropped' | 'undetermined', reason }`: a verdict whose reason fails the step. */
function isDroppedVerdict(object: ts.Node, source: ts.SourceFile): boolean {
  return (
    ts.isObjectLiteralExpression(object) &&
    object.properties.some(
      (p) =>
        ts.isPropertyAssignment(p) &&
        p.name.getText(source) === 'kind' &&
        ts.isStringLiteral(p.initializer) &&
        ['dropped', 'undetermined'].includes(p.initializer.text),
    )
  );
}

/** `case 'unauthorized':` or `kind === 'x'` inside a builder is logic, not a message. */
function isComparedOrMatched(node: ts.Node): boolean {
  const parent = node.parent;
  return (
    ts.isCaseClause(parent) ||
    (ts.isBinaryExpression(parent) &&
      [
        ts.SyntaxKind.EqualsEqualsEqualsToken,
        ts.SyntaxKind.ExclamationEqualsEqualsToken,
        ts.SyntaxKind.EqualsEqualsToken,
        ts.SyntaxKind.ExclamationEqualsToken,
      ].includes(parent.operatorToken.kind))
  );
}

function insideBuilder(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isFunctionDeclaration(at) && at.name && MESSAGE_BUILDERS.has(at.name.text)) return true;
  }
  return false;
}

/** A literal inside a concatenation or template is read with the whole expression. */
function isPartOfLargerString(node: ts.Node): boolean {
  const parent = node.parent;
  return (
    (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken) ||
    ts.isTemplateSpan(parent)
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? sourceFiles(join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? [join(dir, entry.name)]
          : [],
    )
    .sort();
}
