import ts from 'typescript';

// The length of every function in a source file, by the TypeScript compiler's own parse: a
// function declaration, a method (constructors and accessors too), an arrow function or a
// function expression, nested ones included, whatever their size.

/** One function-like node: its name, first line (1-based) and length in lines. */
export interface FunctionLength {
  name: string;
  line: number;
  lines: number;
}

type FunctionNode =
  | ts.FunctionDeclaration
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration
  | ts.ArrowFunction
  | ts.FunctionExpression;

function isFunctionWithBody(node: ts.Node): node is FunctionNode {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node)) &&
    node.body !== undefined
  );
}

/** A name as written, or undefined when it is computed (`[key]() {}`) or absent. */
function written(name: ts.Node | undefined, file: ts.SourceFile): string | undefined {
  if (name === undefined) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name))
    return name.text;
  return name.getText(file);
}

/** The class (or object) a member belongs to, if it is named: `HatchetCli.` for a method. */
function ownerPrefix(node: ts.Node, file: ts.SourceFile): string {
  const owner = node.parent;
  if (owner && (ts.isClassDeclaration(owner) || ts.isClassExpression(owner)) && owner.name)
    return `${written(owner.name, file)}.`;
  return '';
}

/**
 * What to call a function: its own name, or for an anonymous one the variable, property or
 * parameter it is assigned to, else `(anonymous)`.
 */
function nameOf(node: FunctionNode, file: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(node)) return `${ownerPrefix(node, file)}constructor`;
  if (!ts.isArrowFunction(node) && node.name)
    return `${ownerPrefix(node, file)}${written(node.name, file)}`;
  const holder = node.parent;
  if (
    holder &&
    (ts.isVariableDeclaration(holder) ||
      ts.isPropertyAssignment(holder) ||
      ts.isPropertyDeclaration(holder) ||
      ts.isParameter(holder)) &&
    holder.initializer === node
  )
    return `${ownerPrefix(holder, file)}${written(holder.name, file) ?? '(anonymous)'}`;
  return '(anonymous)';
}

/**
 * Every function-like node of a TypeScript text, in source order: from the line its code
 * starts on (its doc comment left out) to the line it ends on, both counted.
 */
export function functionLengths(text: string, fileName = 'fixture.ts'): FunctionLength[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: FunctionLength[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionWithBody(node)) {
      const start = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
      const end = file.getLineAndCharacterOfPosition(node.getEnd()).line;
      found.push({ name: nameOf(node, file), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The functions of the given files over `max` lines, as `file:line name (N lines)`. */
export function longFunctions(
  files: readonly { path: string; text: string }[],
  max: number,
): string[] {
  return files.flatMap((file) =>
    functionLengths(file.text, file.path)
      .filter((fn) => fn.lines > max)
      .map((fn) => `${file.path}:${fn.line} ${fn.name} (${fn.lines} lines)`),
  );
}
